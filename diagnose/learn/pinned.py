"""The sha256 of the shipped models/cause_model.joblib and of its inference bundle
models/cause_model.npz: a model file is code, and only this file is unpickled from
the shipped directory; only this bundle is read from it. Written by `sms-diagnose
train` (diagnose.learn.model.write_pin); do not edit by hand."""

SHIPPED_MODEL_SHA256 = "6e0b03d989044b2d68a8f7c6221f1afbeabead87f51aed1fb4d05f0659e5e52a"
SHIPPED_BUNDLE_SHA256: str | None = (
    "a54d06673c0bc9a2016b6fe797e046078015ef2744d8161cb6ec489939153ca2"
)
