"""DocView's cached columns and sentence bounds agree with the plain Doc."""

from attrib.rules.view import DocView, doc_text
from attrib.tokenizer import blank

TEXT = 'قال الوزير: "سنعمل معاً." وأضاف أن الخطة جاهزة!\nوفي بيان، أكدت الوزارة ذلك ٣ مرات'


def _naive_start(view, i):
    while i > 0 and not view.is_sentence_end(i - 1):
        i -= 1
    return i


def _naive_end(view, i):
    while i < len(view) and not view.is_sentence_end(i):
        i += 1
    return i


def test_sentence_bounds_match_a_scan():
    doc = blank()(TEXT)
    view = DocView.of(doc)
    assert view.ends  # the text has sentence ends
    for i in range(len(doc) + 1):
        assert view.sentence_start(i) == _naive_start(view, i)
        assert view.sentence_end(i) == _naive_end(view, i)


def test_doc_text_and_columns_match_the_doc():
    doc = blank()(TEXT)
    view = DocView.of(doc)
    assert doc_text(doc) == view.text == doc.text
    assert view.texts == [t.text for t in doc]
    assert view.num == [any(ch.isdigit() for ch in t.text) for t in doc]
    assert view.para_break == ["\n" in t.text for t in doc]


def test_full_stop_inside_an_abbreviation_ends_no_sentence():
    doc = blank()("وتقول شركة (بي.سي.سي) إن السوق تنمو. وقال د.خالد إنها تتراجع.غدا")
    view = DocView.of(doc)
    ends = [doc[i].text for i in sorted(view.ends)]
    # only the two real sentence ends count (the second glued to the next word)
    assert ends == [".", "."]
    starts = {doc[view.sentence_start(i)].text for i in range(len(doc))}
    assert starts == {"وتقول", "وقال", "غدا"}


def test_skip_space_back_steps_over_spaces_and_newlines_to_the_word_before():
    doc = blank()("قال الوزير\u00a0\u00a0\n  إن الخطة جاهزة")
    view = DocView.of(doc)
    spaces = [i for i in range(len(doc)) if view.space[i]]
    assert spaces and any(view.para_break[i] for i in spaces)  # NBSP and newline tokens
    after = max(spaces)
    assert view.texts[view.skip_space_back(after)] == "الوزير"
    assert view.skip_space_back(after, low=after - 1) == after - 1  # never below low
    assert view.skip_space_back(after + 1) == after + 1  # a word stays where it is
    assert view.skip_space_back(0) == 0
