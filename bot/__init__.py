"""citebot's Discord adapter: a thin discord.py layer over the `knowledge` engine."""
