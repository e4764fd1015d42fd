"""The sha256 of the shipped models/cause_model.joblib and of its inference bundle
models/cause_model.npz: a model file is code, and only this file is unpickled from
the shipped directory; only this bundle is read from it. Written by `sms-diagnose
train` (diagnose.learn.model.write_pin); do not edit by hand."""

SHIPPED_MODEL_SHA256 = "a4770d04eeef8485862dd411d9f6ceb5cac4be548577bebb98fdf2be824be3d6"
SHIPPED_BUNDLE_SHA256: str | None = (
    "182c8ae116be07ba4ae9a11af06dacd46b35993420b8c89c76d2b7aba22f1386"
)
