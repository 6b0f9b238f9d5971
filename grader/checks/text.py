"""Checks for text steps: decoding integer ids back to words."""

from messages import _

from . import PASS, fail, register

RESERVED = {0: "padding", 1: "start", 2: "unknown"}


def decode_with_offset(ids, word_index, offset):
    """The words of ``ids`` (padding and start left out) if id ``i`` meant rank ``i - offset``."""
    words_by_rank = {rank: word for word, rank in word_index.items()}
    return [words_by_rank.get(int(i) - offset, "?") for i in ids if int(i) >= len(RESERVED)]


@register("decoding")
def check_decoding(ctx):
    """The step turned encoded ids back into the review's words, as the reference does.

    An off-by-offset decoder (looking ids up as ranks without taking off the reserved ids) is
    named plainly, with the offset it used.
    """
    ids, word_index = ctx.args[0], ctx.args[1]
    offset = ctx.step.expect.get("index_from", 3)
    if not isinstance(ctx.value, str):
        from .values import describe
        return fail(_("expected the review as one string of words"),
                    expected=_("a str such as 'this film was just brilliant ...'"),
                    found=describe(ctx.value), hint=ctx.step.hint, code="decoding.form")
    found, expected = ctx.value.split(), ctx.reference.split()
    if found == expected:
        return PASS
    slack = sum(int(i) < len(RESERVED) for i in ids)  # reserved ids may come out as words too
    for wrong in (0, 1, 2, 4, 5):
        shifted = decode_with_offset(ids, word_index, wrong)
        if shifted and len(found) <= len(shifted) + slack and _in_order(shifted, found):
            return fail(
                _("your words are shifted: you read id i as the word of rank i - {wrong}, but ids "
                  "0, 1 and 2 are kept for padding, start and unknown words, so id i is the word "
                  "of rank i - {offset}").format(wrong=wrong, offset=offset),
                expected=" ".join(expected[:12]) + " ...", found=" ".join(found[:12]) + " ...",
                hint=_("Look up word_index ranks with i - {offset}, and skip ids 0 and "
                       "1.").format(offset=offset), code="decoding.offset",
                params={"expected": offset, "found": wrong})
    position = next((k for k, (a, b) in enumerate(zip(found, expected)) if a != b),
                    min(len(found), len(expected)))
    end = _("the end")
    return fail(_("word {position} differs: expected {expected!r}, found {found!r} ({expected_count} "
                  "words expected, {found_count} found)").format(
                    position=position + 1,
                    expected=expected[position] if position < len(expected) else end,
                    found=found[position] if position < len(found) else end,
                    expected_count=len(expected), found_count=len(found)),
                expected=" ".join(expected[:12]) + " ...", found=" ".join(found[:12]) + " ...",
                hint=ctx.step.hint, code="decoding.differ")


def _in_order(words, found):
    """Whether ``words`` appear in ``found`` in the same order (other words may stand between)."""
    remaining = iter(found)
    return all(word in remaining for word in words)
