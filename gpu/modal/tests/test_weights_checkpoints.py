"""weights.py and checkpoints.py: the weights of models.md and the phr00t single-file transformer."""

from __future__ import annotations

import pytest

from gooni_worker.checkpoints import CheckpointLayoutError, transformer_key_map
from gooni_worker.weights import prefetch_plan, weights


def test_default_weights_are_the_ones_models_md_names() -> None:
    w = weights({})
    assert w.anisora == "Wan-AI/Wan2.1-T2V-14B-Diffusers" == w.wan_components
    assert (w.phr00t_repo, w.phr00t_file) == ("Phr00t/WAN2.2-14B-Rapid-AllInOne",
                                              "Mega-v12/wan2.2-rapid-mega-aio-nsfw-v12.2.safetensors")
    assert (w.pony, w.pony_vae) == ("Polenov2024/Pony-Diffusion-V6-XL", "madebyollin/sdxl-vae-fp16-fix")
    assert w.flux == "black-forest-labs/FLUX.1-dev"
    assert weights({"PONY_MODEL_ID": "me/pony"}).pony == "me/pony"


def test_prefetch_plans_download_what_each_lane_loads() -> None:
    w = weights({})
    phr00t = prefetch_plan("phr00t", w)
    assert phr00t[0].repo_id == w.wan_components and "transformer/diffusion_pytorch_model*" in phr00t[0].ignore_patterns
    assert (phr00t[1].repo_id, phr00t[1].filename) == (w.phr00t_repo, w.phr00t_file)
    assert "flux1-dev.safetensors" in prefetch_plan("flux", w)[0].ignore_patterns
    assert [d.repo_id for d in prefetch_plan("pony", w)] == [w.pony, w.pony_vae]
    with pytest.raises(ValueError):
        prefetch_plan("sdxl", w)


def test_the_diffusion_model_is_picked_out_of_a_comfyui_all_in_one_checkpoint() -> None:
    keys = ["model.diffusion_model.patch_embedding.weight", "model.diffusion_model.blocks.0.self_attn.q.weight",
            "first_stage_model.decoder.conv.weight", "text_encoders.umt5xxl.encoder.block.0.weight"]
    assert transformer_key_map(keys) == {
        "model.diffusion_model.patch_embedding.weight": "patch_embedding.weight",
        "model.diffusion_model.blocks.0.self_attn.q.weight": "blocks.0.self_attn.q.weight"}


def test_a_bare_transformer_file_is_used_as_is_minus_other_components() -> None:
    keys = ["patch_embedding.weight", "blocks.0.ffn.0.weight", "vae.decoder.x"]
    assert set(transformer_key_map(keys)) == {"patch_embedding.weight", "blocks.0.ffn.0.weight"}


def test_a_file_without_a_wan_transformer_is_refused() -> None:
    with pytest.raises(CheckpointLayoutError):
        transformer_key_map(["first_stage_model.x", "cond_stage_model.y"])
