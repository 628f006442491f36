"""Schema.org JSON-LD for the public pages."""

from events import structured_data


def test_json_ld_cannot_close_its_script_element():
    text = structured_data.json_ld({"name": "</script><script>alert(1)</script>"})
    assert "</script>" not in text and "<" not in text
