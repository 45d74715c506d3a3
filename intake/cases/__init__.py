"""Case work: who may see which case, the office's actions on it, its inbox and timeline."""
