"""The sha256 of the shipped models/cause_model.joblib and of its inference bundle
models/cause_model.npz: a model file is code, and only this file is unpickled from
the shipped directory; only this bundle is read from it. Written by `sms-diagnose
train` (diagnose.learn.model.write_pin); do not edit by hand."""

SHIPPED_MODEL_SHA256 = "b7f96d8c87fc7c58131c75669086c2ecdbdf3da5f857fd67dc58185bae93730e"
SHIPPED_BUNDLE_SHA256: str | None = (
    "3d93f8388b9e36339ba17bf114589b7a7450f3e05df67123829a57357f3b49ec"
)
