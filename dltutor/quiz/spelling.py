"""Fair spellings of a text answer: what a learner may write differently and still mean the same.

`fold()` brings an answer to a canonical form; two answers mean the same when their folds are equal.
It forgives case, spacing and punctuation, code spelling (`torch.tanh(x)`, `nn.Tanh`, `F.relu`,
`model.eval()`), Greek letters written as names (α, alpha) and British -isation. It never drops a
word, an argument that carries a value (`train(False)` stays apart from `train()`), or part of a
name (`relu` stays apart from `leaky_relu`): a wrong answer must not fold into a right one.
"""

from __future__ import annotations

import re
import unicodedata

GREEK = {
    "α": "alpha",
    "β": "beta",
    "γ": "gamma",
    "δ": "delta",
    "ε": "epsilon",
    "ζ": "zeta",
    "η": "eta",
    "θ": "theta",
    "ι": "iota",
    "κ": "kappa",
    "λ": "lambda",
    "μ": "mu",
    "ν": "nu",
    "ξ": "xi",
    "ο": "omicron",
    "π": "pi",
    "ρ": "rho",
    "σ": "sigma",
    "ς": "sigma",
    "τ": "tau",
    "υ": "upsilon",
    "φ": "phi",
    "ϕ": "phi",
    "χ": "chi",
    "ψ": "psi",
    "ω": "omega",
}
_GREEK = re.compile("|".join(GREEK))

# Module paths in front of a name: torch.nn.functional.relu, nn.Tanh, F.gelu, torch.optim.SGD.
# Longest first, and only at the start of a dotted name (never inside one: `mynn.x` keeps its `nn`).
_MODULE = re.compile(
    r"(?<![\w.])(?:torch\.nn\.functional\.|torch\.nn\.init\.|torch\.nn\.|torch\.optim\.lr_scheduler\."
    r"|torch\.optim\.|torch\.|nn\.functional\.|nn\.init\.|nn\.|f\.(?=[a-z_])|optim\.lr_scheduler\."
    r"|lr_scheduler\.|optim\.)"
)
# The object a method is called on: net.eval(), model.eval(), self.eval() all mean eval() (also
# without the brackets, as the last name of the answer).
_RECEIVER = re.compile(r"(?<![\w.])(?:(?:net|model|module|self)\.)+(?=\w+(?:\(|$))")
# A call (written as code: no space before the bracket) whose only argument is a placeholder (f(x), f(input), f()) means the function f. An argument
# with a value (a number, True/False/None, key=value, several arguments) is part of the answer.
_CALL = re.compile(r"(?<=\w)\(\s*(?:(?!true\b|false\b|none\b)[a-z_]\w*)?\s*\)")
_ARTICLE = re.compile(r"^(?:the|a|an)\s+(?=\S)")


def fold(text: str) -> str:
    """The canonical form of an answer: 'torch.nn.Tanh()' → 'tanh', 'η_min' → 'etamin'."""
    text = unicodedata.normalize("NFKC", text).casefold().strip()
    text = _GREEK.sub(lambda m: GREEK[m.group()], text)
    text = _ARTICLE.sub("", text)
    text = _MODULE.sub("", text)
    text = _RECEIVER.sub("", text)
    text = _CALL.sub("", text)
    text = text.replace("isation", "ization")
    return "".join(ch for ch in text if ch.isalnum())
