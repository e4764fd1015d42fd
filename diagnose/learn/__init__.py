"""The learning side: model features, generated training traffic, the classifier, training
and evaluation, and the real SMS corpora.

May import the pipeline's models (``diagnose.message``, ``causes``, ``diagnosis``,
``explain``), ``diagnose.errors``, ``diagnose.text`` and ``diagnose.rules``; nothing outside
this package imports its modules except through the names below. They load lazily (PEP 562),
so ``import diagnose.learn`` does not pull in scikit-learn for a rules-only run.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from diagnose.learn.corpus import (
        DATA_ENV,
        CorpusNotFound,
        corpus_info,
        load_corpora,
        split_info,
    )
    from diagnose.learn.evaluate import prepared
    from diagnose.learn.features import describe, model_input
    from diagnose.learn.generator import DEFAULT_SEED, data_card, generate, to_messages
    from diagnose.learn.model import (
        MODEL_DIR,
        CauseModel,
        ModelLoadError,
        body_only_input,
        class_weights,
        default_model_dir,
        load_default_model,
        load_model,
        read_manifest,
    )
    from diagnose.learn.outside import evaluate_cases, load_cases
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
    "describe": "features",
    "model_input": "features",
    "DEFAULT_SEED": "generator",
    "data_card": "generator",
    "generate": "generator",
    "to_messages": "generator",
    "MODEL_DIR": "model",
    "CauseModel": "model",
    "ModelLoadError": "model",
    "body_only_input": "model",
    "class_weights": "model",
    "default_model_dir": "model",
    "load_default_model": "model",
    "load_model": "model",
    "read_manifest": "model",
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
    "CauseModel",
    "CorpusNotFound",
    "ModelLoadError",
    "TrainingDataChanged",
    "body_only_input",
    "class_weights",
    "compare_families",
    "corpus_info",
    "data_card",
    "default_model_dir",
    "describe",
    "evaluate_cases",
    "generate",
    "load_cases",
    "load_corpora",
    "load_default_model",
    "load_model",
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
