"""The sha256 of the shipped models/cause_model.joblib and of its inference bundle
models/cause_model.npz: a model file is code, and only this file is unpickled from
the shipped directory; only this bundle is read from it. Written by `sms-diagnose
train` (diagnose.learn.model.write_pin); do not edit by hand."""

SHIPPED_MODEL_SHA256 = "c8ca8f131c251da9796cc4e7dfc291191f96fba98b520dd398a1e9edb5d9beb5"
SHIPPED_BUNDLE_SHA256: str | None = (
    "7854435be8c6735270c7567ad1472bd176818db28a925465681b436ba223c72e"
)
