"""The learning side: model features, generated training traffic, the classifier, training
and evaluation, and the real SMS corpora.

May import the pipeline's models (``diagnose.message``, ``causes``, ``diagnosis``,
``explain``), ``diagnose.errors``, ``diagnose.text`` and ``diagnose.rules``; nothing outside
this package imports its modules except through the names below. They load lazily (PEP 562),
so ``import diagnose.learn`` does not pull in scikit-learn for a rules-only run, and
``load_default_model`` / ``load_predictor`` (the inference bundle) do not pull it in at all.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from diagnose.learn.bundle import BundleModel, agreement
    from diagnose.learn.corpus import (
        DATA_ENV,
        CorpusNotFound,
        corpus_info,
        load_corpora,
        split_info,
    )
    from diagnose.learn.evaluate import prepared
    from diagnose.learn.generator import DEFAULT_SEED, data_card, generate, to_messages
    from diagnose.learn.inputs import body_only_input, model_input
    from diagnose.learn.loading import load_bundle, load_default_model, load_predictor
    from diagnose.learn.manifest import (
        MODEL_DIR,
        ModelLoadError,
        default_model_dir,
        read_manifest,
    )
    from diagnose.learn.model import (
        CauseModel,
        class_weights,
        export_bundle_of,
        inputs_for,
        load_model,
    )
    from diagnose.learn.outside import evaluate_cases, load_cases
    from diagnose.learn.terms import describe
    from diagnose.learn.training import (
        TrainingDataChanged,
        compare_families,
        pick_family,
        reevaluate,
        train,
    )

_EXPORTS: dict[str, str] = {
    "DATA_ENV": "corpus",
    "CorpusNotFound": "corpus",
    "corpus_info": "corpus",
    "load_corpora": "corpus",
    "split_info": "corpus",
    "prepared": "evaluate",
    "BundleModel": "bundle",
    "agreement": "bundle",
    "describe": "terms",
    "model_input": "inputs",
    "DEFAULT_SEED": "generator",
    "data_card": "generator",
    "generate": "generator",
    "to_messages": "generator",
    "MODEL_DIR": "manifest",
    "CauseModel": "model",
    "ModelLoadError": "manifest",
    "body_only_input": "inputs",
    "class_weights": "model",
    "default_model_dir": "manifest",
    "export_bundle_of": "model",
    "inputs_for": "model",
    "load_bundle": "loading",
    "load_default_model": "loading",
    "load_predictor": "loading",
    "load_model": "model",
    "read_manifest": "manifest",
    "evaluate_cases": "outside",
    "load_cases": "outside",
    "TrainingDataChanged": "training",
    "compare_families": "training",
    "pick_family": "training",
    "reevaluate": "training",
    "train": "training",
}

__all__ = [
    "DATA_ENV",
    "DEFAULT_SEED",
    "MODEL_DIR",
    "BundleModel",
    "CauseModel",
    "CorpusNotFound",
    "ModelLoadError",
    "TrainingDataChanged",
    "agreement",
    "body_only_input",
    "class_weights",
    "compare_families",
    "corpus_info",
    "data_card",
    "default_model_dir",
    "describe",
    "evaluate_cases",
    "export_bundle_of",
    "generate",
    "inputs_for",
    "load_bundle",
    "load_cases",
    "load_corpora",
    "load_default_model",
    "load_model",
    "load_predictor",
    "model_input",
    "pick_family",
    "prepared",
    "read_manifest",
    "reevaluate",
    "split_info",
    "to_messages",
    "train",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"diagnose.learn.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_EXPORTS})
