"""E-mail: messages queued in the outbox with the change that causes them, sent later."""
