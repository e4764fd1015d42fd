"""The sha256 of the shipped models/cause_model.joblib and of its inference bundle
models/cause_model.npz: a model file is code, and only this file is unpickled from
the shipped directory; only this bundle is read from it. Written by `sms-diagnose
train` (diagnose.learn.model.write_pin); do not edit by hand."""

SHIPPED_MODEL_SHA256 = "fc9dbd132e6510bfaed372a7a370d5fe9305332920511089bc31f73fc3fce63b"
SHIPPED_BUNDLE_SHA256: str | None = (
    "0ccf18bb9488c4b97eb60eaec28ad6ba9c25fb72ec4176b68427e5fc125bffdd"
)
