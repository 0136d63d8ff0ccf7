"""The contact centre's domain: one module (or package) per capability, free of Chalice and HTTP.

`api/` is the HTTP edge (Chalice blueprints) and `tables/` the PynamoDB models; everything else
takes plain data and talks to AWS through small adapters.
"""
