"""The library's way of writing what the app writes by hand for speed: the reference its
output is compared with (tests/unit) and measured against (tests/bench)."""
