"""The sha256 of the shipped models/cause_model.joblib and of its inference bundle
models/cause_model.npz: a model file is code, and only this file is unpickled from
the shipped directory; only this bundle is read from it. Written by `sms-diagnose
train` (diagnose.learn.model.write_pin); do not edit by hand."""

SHIPPED_MODEL_SHA256 = "2ab6dd9625c33a5c16f678a9e45bcdb40c5ce696b0f78998c2f58e29cf25b9b8"
SHIPPED_BUNDLE_SHA256: str | None = (
    "269981beb751ff9a2296611741fb4646947d9d84dc3f56477c700c935cc9d321"
)
