"""GPU runtimes, one module per model family. Only `*_runtime.py` files here import torch/diffusers;
every decision they apply comes from gooni_worker (pipeline_args, params, output_guard)."""
