"""The one training step both trainable components take.

Why a function of its own: ``attrib_span_tagger`` and ``attrib_relations``
differ only in what they feed the model and how they score its output;
the step around that (dropout, forward, loss, backward, optimiser, loss
bookkeeping) is spaCy's ``TrainablePipe.update`` shape and must stay the
same in both, e.g. that dropout is set before the forward pass.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from spacy.pipeline import TrainablePipe
from thinc.api import Optimizer, set_dropout_rate


def update_step(
    pipe: TrainablePipe,
    inputs: Any,
    loss_of: Callable[[Any], tuple[float, Any]],
    *,
    drop: float,
    sgd: Optimizer | None,
    losses: dict[str, float],
) -> dict[str, float]:
    """Forward ``inputs`` through ``pipe.model`` with dropout ``drop``,
    backpropagate the gradient ``loss_of(output)`` returns, step ``sgd``
    (when given) and add the loss to ``losses[pipe.name]``."""
    set_dropout_rate(pipe.model, drop)
    output, backprop = pipe.model.begin_update(inputs)
    loss, d_output = loss_of(output)
    backprop(d_output)
    if sgd is not None:
        pipe.finish_update(sgd)
    losses[pipe.name] = losses.get(pipe.name, 0.0) + loss
    return losses
