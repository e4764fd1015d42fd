"""The sha256 of the shipped models/cause_model.joblib and of its inference bundle
models/cause_model.npz: a model file is code, and only this file is unpickled from
the shipped directory; only this bundle is read from it. Written by `sms-diagnose
train` (diagnose.learn.model.write_pin); do not edit by hand."""

SHIPPED_MODEL_SHA256 = "85f035788759b2734c7ef42bff9397714b782324a89d4852d5d4bf225ca07ea0"
SHIPPED_BUNDLE_SHA256: str | None = (
    "17702fb970bcabc96e51fb35837e59a847b0316623f74d73683434d9ff5ea91b"
)
