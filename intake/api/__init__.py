"""The JSON API under /api/v1: free slots, requests, and its OpenAPI description."""
