"""The seeded generators of the company's datasets, one module per business area, and ``build``,
which writes them (with their truth, schema and data dictionary) to a folder."""
