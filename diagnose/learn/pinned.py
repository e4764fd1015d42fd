"""The sha256 of the shipped models/cause_model.joblib: a model file is code, and
only this file is unpickled from the shipped directory. Written by `sms-diagnose
train` (diagnose.learn.model.write_pin); do not edit by hand."""

SHIPPED_MODEL_SHA256 = "7bc030715600a20cc950b70f935ebeb417a89b09686a6e51dc44c2ee07e3474c"
