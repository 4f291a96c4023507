"""attrib_quotes: quotation spans, nesting, unclosed quotes, quoted names."""

from __future__ import annotations

import pytest


def quotes(nlp, text):
    doc = nlp(text)
    return [(s.text, s.label_) for s in doc.spans["attrib_quotes"]]


@pytest.mark.parametrize(
    "text, expected",
    [
        ('قال الوزير: "الاتفاق قريب جدا من التوقيع".', '"الاتفاق قريب جدا من التوقيع"'),
        ("قال الوزير: «الاتفاق قريب جدا من التوقيع».", "«الاتفاق قريب جدا من التوقيع»"),
        ("قال الوزير: “الاتفاق قريب جدا من التوقيع”.", "“الاتفاق قريب جدا من التوقيع”"),
        # Right-to-left habit: the curly pair written the other way round.
        ("قال الوزير: ”الاتفاق قريب جدا من التوقيع“.", "”الاتفاق قريب جدا من التوقيع“"),
        ("قال الوزير: „الاتفاق قريب جدا من التوقيع“.", "„الاتفاق قريب جدا من التوقيع“"),
    ],
)
def test_every_quote_style(nlp, text, expected):
    assert (expected, "QUOTE") in quotes(nlp, text)


def test_nested_quotation_gives_one_outer_span(nlp):
    text = 'وأضاف: «قلت لهم "لن نتراجع" ولن نتراجع أبدا».'
    found = quotes(nlp, text)
    assert found == [('«قلت لهم "لن نتراجع" ولن نتراجع أبدا»', "QUOTE")]


def test_multi_sentence_quotation_is_one_span(nlp):
    text = 'وقال: "الوضع صعب. لكننا سنعمل بجد. والنتائج ستظهر".'
    assert quotes(nlp, text) == [('"الوضع صعب. لكننا سنعمل بجد. والنتائج ستظهر"', "QUOTE")]


def test_unclosed_quotation_ends_at_paragraph_end(nlp):
    text = 'وقال المدير: "سنفتتح المصنع الجديد في الربيع\nوفي خبر آخر، ارتفعت الأسعار.'
    assert quotes(nlp, text) == [('"سنفتتح المصنع الجديد في الربيع', "QUOTE")]


def test_outlet_name_after_trigger_is_a_name(nlp):
    text = 'وقال المحافظ في بيان تلقته "الأخبار اليومية": إن الطرق مفتوحة.'
    assert ('"الأخبار اليومية"', "NAME") in quotes(nlp, text)


def test_quoted_name_read_on_by_the_sentence_is_a_name(nlp):
    text = 'وأوضح "الشمري" أن الموسم بدأ مبكرا.'
    assert quotes(nlp, text) == [('"الشمري"', "NAME")]


def test_short_quote_after_colon_is_content(nlp):
    assert quotes(nlp, 'فرد الوزير: "لا".') == [('"لا"', "QUOTE")]


def test_apostrophe_inside_latin_word_is_not_a_quote(nlp):
    assert quotes(nlp, "He said don't worry about it") == []


def test_stray_closing_mark_does_not_shift_the_pairs(nlp):
    text = 'طالبت النقابة بإصلاح الإدارة" قائلة إن "الإدارة تعاني من البطء".'
    assert quotes(nlp, text) == [('"الإدارة تعاني من البطء"', "QUOTE")]


def test_unclosed_opening_mark_restarts_at_the_next_opening(nlp):
    text = 'وقال "الوضع صعب وأضاف "سنعمل على حل المشكلة".'
    assert ('"سنعمل على حل المشكلة"', "QUOTE") in quotes(nlp, text)


def test_closing_mark_after_a_comma_closes(nlp):
    # ``بجد،"``: a clause mark glued before a straight quote ends the quotation,
    # so the next ``"`` opens a new one instead of restarting an open one.
    text = 'وقال إن الفريق "يعمل بجد،" بحسب المتحدث، وأضاف "سنفوز في النهاية".'
    assert quotes(nlp, text) == [
        ('"يعمل بجد،"', "QUOTE"), ('"سنفوز في النهاية"', "QUOTE")
    ]


def test_closing_mark_glued_to_its_word_closes(nlp):
    # The tokenizer leaves ``جدا"`` in one token when a full stop follows.
    text = 'قال المدير "هذا أمر مهم جدا".ويبلغ عدد الموظفين مئة موظف.'
    assert quotes(nlp, text) == [('"هذا أمر مهم جدا"', "QUOTE")]
    atts = nlp(text)._.attributions
    assert [c.text for a in atts for c in a.contents] == ['"هذا أمر مهم جدا"']


def test_short_quote_ending_a_sentence_is_not_a_name(nlp):
    text = 'وقال الوزير "سنفتح المعبر غدا." وتشهد المنطقة توترا منذ أشهر.'
    assert quotes(nlp, text) == [('"سنفتح المعبر غدا."', "QUOTE")]


def test_quotation_that_ends_its_sentence_is_the_whole_content(nlp):
    # After a quotation closed by its own full stop the writer speaks again.
    text = 'وقال الوزير "سنفتح المعبر غدا أمام المسافرين والشاحنات." وتشهد المنطقة توترا.'
    atts = nlp(text)._.attributions
    assert [c.text for a in atts for c in a.contents] == [
        '"سنفتح المعبر غدا أمام المسافرين والشاحنات."'
    ]


def test_one_guillemet_used_for_both_ends(nlp):
    found = quotes(nlp, "وأشاد المدرب باللاعب الذي وصفه بـ»الموهوب» في المؤتمر الصحفي.")
    assert ("»الموهوب»", "NAME") in found or ("»الموهوب»", "QUOTE") in found
    assert all(not text.endswith("الصحفي.") for text, _ in found)
