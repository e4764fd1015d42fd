"""The sha256 of the shipped models/cause_model.joblib: a model file is code, and
only this file is unpickled from the shipped directory. Written by `sms-diagnose
train` (diagnose.learn.model.write_pin); do not edit by hand."""

SHIPPED_MODEL_SHA256 = "85f035788759b2734c7ef42bff9397714b782324a89d4852d5d4bf225ca07ea0"
