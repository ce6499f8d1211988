import pytest

from pipelines.normalize import normalize_text


@pytest.mark.parametrize("raw, clean", [
    ("结果维 持", "结果维持"),                                   # seed 001: label split inside a word
    ("本报告统计数据从 2021 年 1 月 1 日", "本报告统计数据从 2021年1月1日"),
    ("２０２１年", "2021年"),                                    # full-width digits
    ("ＡＢＣ１", "ABC1"),
    ("（一）主动公开，“三安全一稳定”。", "（一）主动公开，“三安全一稳定”。"),   # Chinese punctuation kept
    ("[bookmark: _GoBack]一、总体情况", "一、总体情况"),            # seed 003 artefact
    ("**（一）主动公开**政府信息情况", "（一）主动公开政府信息情况"),  # seed 002 bold markers
    ("0\t0\t5", "0\t0\t5"),                                      # cells stay separate
    ("行政许可 578", "行政许可 578"),                               # a label and its number stay apart
    ("a\r\n\r\n\r\n\r\nb", "a\n\nb"),
])
def test_normalize(raw, clean):
    assert normalize_text(raw) == clean
