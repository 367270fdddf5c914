"""pipelines/*_runtime.py with a fake torch/diffusers: the glue asks the libraries for what models.md
says (dtypes, offload once, derived pipelines, schedulers, NF4, call kwargs). Real GPU runs are not
possible here; this catches typos and wiring mistakes in the modules that cannot otherwise run."""

from __future__ import annotations

import importlib
import sys
from typing import Iterator

import pytest
from conftest import job_image, job_request
from PIL import Image

import fake_gpu_stack as fake
from gooni_worker.output_guard import attempts_for, first_attempt
from gooni_worker.params import plan_job
from gooni_worker.pipeline_args import generation_input
from gooni_worker.weights import weights

RUNTIMES = ("common_runtime", "wan_runtime", "anisora_runtime", "phr00t_runtime", "pony_runtime", "flux_runtime")


@pytest.fixture
def stack(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict]:
    fake.LOG.clear()
    fake.GPU_MEMORY_GB[0] = 24.0
    for name, module in fake.modules().items():
        monkeypatch.setitem(sys.modules, name, module)
    for name in RUNTIMES:
        monkeypatch.delitem(sys.modules, f"pipelines.{name}", raising=False)
    loaded = {name: importlib.import_module(f"pipelines.{name}") for name in RUNTIMES}
    yield loaded
    for name in RUNTIMES:
        sys.modules.pop(f"pipelines.{name}", None)


def test_anisora_loads_wan_bf16_offloads_once_and_derives_video_to_video(stack: dict) -> None:
    runtime = stack["anisora_runtime"].create_runtime(weights({}))
    runtime.ensure_loaded()
    runtime.ensure_loaded()  # cached per container
    loads = fake.calls("from_pretrained")
    assert [(c[1], c[2]) for c in loads] == [("AutoencoderKLWan", "Wan-AI/Wan2.1-T2V-14B-Diffusers"),
                                             ("WanPipeline", "Wan-AI/Wan2.1-T2V-14B-Diffusers")]
    assert repr(loads[0][3]["torch_dtype"]) == "torch.float32" and repr(loads[1][3]["torch_dtype"]) == "torch.bfloat16"
    assert fake.calls("enable_model_cpu_offload") == [("enable_model_cpu_offload", "WanPipeline")]
    assert {c[1] for c in fake.calls("enable_tiling")} and fake.calls("enable_slicing")
    assert set(runtime.v2v.components) == {"tokenizer", "text_encoder", "transformer", "vae", "scheduler"}
    assert runtime.v2v.transformer is runtime.t2v.transformer  # shared modules, not a second copy


def test_wan_generate_calls_the_right_pipeline_with_the_decided_kwargs(stack: dict) -> None:
    runtime = stack["anisora_runtime"].create_runtime(weights({}))
    plan = plan_job(job_request("anisora", width=256, height=256, parameters={"num_frames": 5}))
    steps: list[tuple[int, int | None]] = []
    frames = runtime.generate(generation_input(plan, first_attempt(plan)), lambda i, n: steps.append((i, n)))
    assert frames.shape == (5, 256, 256, 3) and steps == [(i, 8) for i in range(8)]
    (call,) = fake.calls("call")
    assert call[1] == "WanPipeline"
    kwargs = call[2]
    assert (kwargs["num_inference_steps"], kwargs["guidance_scale"], kwargs["num_frames"]) == (8, 1.0, 5)
    assert kwargs["output_type"] == "np" and kwargs["generator"].seed == plan.seed
    assert kwargs["prompt"].endswith("motion score: 3.0.")
    i2v = plan_job(job_request("anisora", mode="i2v", width=256, height=256, images=[job_image("reference_image")],
                               parameters={"num_frames": 5}))
    clip = [Image.new("RGB", (256, 256))] * 5
    runtime.generate(generation_input(i2v, first_attempt(i2v), [Image.new("RGB", (4, 4))], clip), lambda i, n: None)
    assert fake.calls("call")[-1][1] == "WanVideoToVideoPipeline"
    assert fake.calls("call")[-1][2]["video"] is clip
    runtime.free_memory()
    assert fake.calls("cuda.empty_cache")


def test_phr00t_loads_only_the_transformer_tensors_from_the_all_in_one_file(stack: dict) -> None:
    runtime = stack["phr00t_runtime"].create_runtime(weights({}))
    runtime.ensure_loaded()
    assert fake.calls("hf_hub_download") == [("hf_hub_download", "Phr00t/WAN2.2-14B-Rapid-AllInOne",
                                              "Mega-v12/wan2.2-rapid-mega-aio-nsfw-v12.2.safetensors")]
    assert [c[1] for c in fake.calls("get_tensor")] == ["model.diffusion_model.patch_embedding.weight",
                                                          "model.diffusion_model.blocks.0.q.weight"]
    (single,) = fake.calls("from_single_file")
    assert set(single[2]) == {"patch_embedding.weight", "blocks.0.q.weight"}
    assert single[3]["config"] == "Wan-AI/Wan2.1-T2V-14B-Diffusers" and single[3]["subfolder"] == "transformer"
    pipe_load = [c for c in fake.calls("from_pretrained") if c[1] == "WanPipeline"][0]
    assert pipe_load[3]["transformer"].name == "WanTransformer3DModel:single"
    assert fake.calls("enable_model_cpu_offload") == [("enable_model_cpu_offload", "WanPipeline")]


def test_pony_is_bf16_with_the_fp16_fix_vae_on_gpu_and_switches_schedulers_per_attempt(stack: dict) -> None:
    runtime = stack["pony_runtime"].create_runtime(weights({}))
    plan = plan_job(job_request("pony", parameters={"clip_skip": 3}))
    attempts = attempts_for(plan)
    runtime.generate(generation_input(plan, attempts[0]), lambda i, n: None)
    runtime.generate(generation_input(plan, attempts[1]), lambda i, n: None)
    vae_load, pipe_load = fake.calls("from_pretrained")
    assert (vae_load[1], vae_load[2]) == ("AutoencoderKL", "madebyollin/sdxl-vae-fp16-fix")
    assert pipe_load[2] == "Polenov2024/Pony-Diffusion-V6-XL" and repr(pipe_load[3]["torch_dtype"]) == "torch.bfloat16"
    assert pipe_load[3]["low_cpu_mem_usage"] is False and pipe_load[3]["vae"].name.startswith("AutoencoderKL")
    assert fake.calls("to") == [("to", "StableDiffusionXLPipeline", "cuda")]
    assert fake.calls("enable_model_cpu_offload") == [] and not fake.calls("enable_tiling")
    schedulers = fake.calls("scheduler")
    assert schedulers[0][1:] == ("DPMSolverMultistepScheduler", {"base": "Polenov2024/Pony-Diffusion-V6-XL"},
                                 {"use_karras_sigmas": True, "algorithm_type": "dpmsolver++"})
    assert schedulers[1][1] == "EulerAncestralDiscreteScheduler"
    assert schedulers[1][2] == {"base": "Polenov2024/Pony-Diffusion-V6-XL"}  # from the original config
    first_call, second_call = fake.calls("call")
    assert first_call[2]["clip_skip"] == 1 and first_call[2]["height"] == 1024
    assert (second_call[2]["height"], second_call[2]["generator"].seed) == (768, plan.seed + 1)


def test_pony_img2img_uses_the_derived_pipeline(stack: dict) -> None:
    runtime = stack["pony_runtime"].create_runtime(weights({}))
    plan = plan_job(job_request("pony", mode="img2img", images=[job_image("reference_image")]))
    runtime.generate(generation_input(plan, first_attempt(plan), [Image.new("RGB", (50, 50))]), lambda i, n: None)
    call = fake.calls("call")[-1]
    assert call[1] == "StableDiffusionXLImg2ImgPipeline" and call[2]["image"].size == (768, 768)


def test_flux_quantises_the_transformer_to_nf4_and_honours_steps_and_guidance(stack: dict) -> None:
    runtime = stack["flux_runtime"].create_runtime(weights({}))
    plan = plan_job(job_request("flux", parameters={"steps": 12, "guidance_scale": 4.5}))
    steps: list[int] = []
    runtime.generate(generation_input(plan, first_attempt(plan)), lambda i, n: steps.append(i))
    transformer_load = [c for c in fake.calls("from_pretrained") if c[1] == "FluxTransformer2DModel"][0]
    quant = transformer_load[3]["quantization_config"].kwargs
    assert quant["load_in_4bit"] is True and quant["bnb_4bit_quant_type"] == "nf4"
    assert quant["bnb_4bit_use_double_quant"] is True and repr(quant["bnb_4bit_compute_dtype"]) == "torch.bfloat16"
    assert transformer_load[2] == "black-forest-labs/FLUX.1-dev" and transformer_load[3]["subfolder"] == "transformer"
    call = fake.calls("call")[-1][2]
    assert (call["num_inference_steps"], call["guidance_scale"]) == (12, 4.5) and steps == list(range(12))
    assert fake.calls("to") == [("to", "FluxPipeline", "cuda")]
    assert {c[1] for c in fake.calls("enable_tiling")} and fake.calls("enable_slicing")


def test_flux_on_a_16_gb_card_offloads_instead(stack: dict) -> None:
    fake.GPU_MEMORY_GB[0] = 15.0
    stack["flux_runtime"].create_runtime(weights({})).ensure_loaded()
    assert fake.calls("to") == [] and fake.calls("enable_model_cpu_offload") == [("enable_model_cpu_offload",
                                                                                   "FluxPipeline")]


def test_prefetch_follows_the_plans_and_the_sink_uses_the_bundled_ffmpeg(stack: dict, tmp_path) -> None:
    stack["phr00t_runtime"].prefetch(weights({}))
    assert [c[0] for c in fake.LOG if c[0] in ("snapshot_download", "hf_hub_download")] == \
        ["snapshot_download", "hf_hub_download"]
    factory = stack["common_runtime"].sink_factory()
    with pytest.raises(FileNotFoundError):  # /opt/ffmpeg does not exist here: proves the path is used
        factory(tmp_path / "x.mp4", "mp4", 16, 16, 8)


def test_a_second_order_sampler_reports_its_real_iteration_count(stack: dict) -> None:
    runtime = stack["pony_runtime"].create_runtime(weights({}))
    plan = plan_job(job_request("pony", parameters={"steps": 20, "sampler": "DPM++ SDE Karras"}))
    seen: list[tuple[int, int | None]] = []
    runtime.generate(generation_input(plan, first_attempt(plan)), lambda i, n: seen.append((i, n)))
    assert len(seen) == 39 and {n for _, n in seen} == {39}
