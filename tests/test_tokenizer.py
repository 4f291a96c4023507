"""The tokenizer keeps quotation marks and punctuation off the words."""

from attrib.tokenizer import blank


def _tokens(text):
    nlp = blank()
    return [t.text for t in nlp(text)]


def test_closing_quote_before_full_stop_is_split():
    assert _tokens('قال: "نعم للتعاون".') == ["قال", ":", '"', "نعم", "للتعاون", '"', "."]


def test_quote_glued_after_complementizer_and_colon_is_split():
    assert _tokens('أن"الوضع" وأضاف:«كلا»') == [
        "أن",
        '"',
        "الوضع",
        '"',
        "وأضاف",
        ":",
        "«",
        "كلا",
        "»",
    ]


def test_proclitics_stay_inside_the_token():
    assert _tokens("وقال بالحكومة للاتحاد") == ["وقال", "بالحكومة", "للاتحاد"]


def test_tokens_cover_text_exactly():
    text = 'وأوضح،"نص"، (23 آذار 2024). «كلام “متداخل” هنا»'
    nlp = blank()
    doc = nlp(text)
    assert "".join(t.text_with_ws for t in doc) == text
    assert "«" in [t.text for t in doc] and "»" in [t.text for t in doc]


def test_full_stop_glued_between_words_or_after_a_number_is_split():
    assert _tokens("في عام 2019.وبعدها أعلن.وقال") == [
        "في", "عام", "2019", ".", "وبعدها", "أعلن", ".", "وقال",
    ]


def test_urls_and_decimals_stay_whole():
    assert _tokens("بنسبة 4.5 عبر www.example.com") == ["بنسبة", "4.5", "عبر", "www.example.com"]
