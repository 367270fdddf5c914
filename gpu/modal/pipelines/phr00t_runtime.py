"""phr00t: the Rapid all-in-one transformer (single file) in a Wan pipeline whose tokenizer, text
encoder, VAE and scheduler come from Wan-AI/Wan2.1-T2V-14B-Diffusers (models.md)."""

from __future__ import annotations

from diffusers import WanTransformer3DModel
from huggingface_hub import hf_hub_download
from safetensors import safe_open

from gooni_worker.checkpoints import transformer_key_map
from gooni_worker.weights import Weights, prefetch_plan
from pipelines import common_runtime
from pipelines.common_runtime import DTYPE
from pipelines.wan_runtime import WanRuntime, load_wan_pipeline


def _transformer(weights: Weights) -> WanTransformer3DModel:
    path = hf_hub_download(weights.phr00t_repo, weights.phr00t_file)
    state = {}
    # Read only the diffusion model's tensors; the file also bundles a text encoder and a VAE.
    with safe_open(path, framework="pt", device="cpu") as checkpoint:
        for source, target in transformer_key_map(checkpoint.keys()).items():
            state[target] = checkpoint.get_tensor(source).to(DTYPE)
    # Loading a whole pipeline from a single file broke in diffusers 0.36 (predecessor §7.2): only the
    # transformer comes from it, with the 14B T2V config so the architecture is pinned.
    return WanTransformer3DModel.from_single_file(state, config=weights.wan_components, subfolder="transformer",
                                                  torch_dtype=DTYPE)


def create_runtime(weights: Weights) -> WanRuntime:
    return WanRuntime(lambda: load_wan_pipeline(weights.wan_components, transformer=_transformer(weights)))


def prefetch(weights: Weights) -> None:
    common_runtime.prefetch(prefetch_plan("phr00t", weights))
