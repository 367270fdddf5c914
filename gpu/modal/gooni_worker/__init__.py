"""Pure logic of the Gooni Gooni Modal worker.

Nothing in this package imports modal, torch, diffusers or fastapi: those live behind the thin seam in
`app.py` and `pipelines/*_runtime.py`, so everything here runs (and is unit-tested) on a machine without
a GPU or network. Only the standard library, numpy and Pillow are used.
"""
