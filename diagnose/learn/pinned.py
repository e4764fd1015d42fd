"""The sha256 of the shipped models/cause_model.joblib and of its inference bundle
models/cause_model.npz: a model file is code, and only this file is unpickled from
the shipped directory; only this bundle is read from it. Written by `sms-diagnose
train` (diagnose.learn.model.write_pin); do not edit by hand."""

SHIPPED_MODEL_SHA256 = "338af8593fb11a1643336bcebe7875c4e890c04b724c1de1f6f190e4bdf8569f"
SHIPPED_BUNDLE_SHA256: str | None = (
    "67472404246bc961a53da44cc009bf2e716dabf6c4dd1b679017f730bcb14b11"
)
