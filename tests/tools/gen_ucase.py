#!/usr/bin/env python3
"""gen_ucase.py - writes the body of the upper-case table in parser/core/ucase.c.

The table holds, for every BMP character from U+0080 up whose Unicode simple
upper-case mapping is one other BMP character, that mapping (characters whose
upper case is several characters, such as U+00DF, keep their own code, as
Windows keeps them; so do U+00B5 and U+03C2, which Windows' table leaves
alone).  It is grouped into runs of characters that share the
same delta and are 1 or 2 code points apart.  Source: the Unicode Character
Database as Python's unicodedata module carries it (the version is printed).

usage: python3 tests/tools/gen_ucase.py > /tmp/runs.txt
"""
import unicodedata


# Windows' table leaves these as they are although Unicode upper-cases
# them (yarp's copy of Windows 10's table shows it): MICRO SIGN and GREEK
# SMALL LETTER FINAL SIGMA.
WINDOWS_KEEPS = {0x00B5, 0x03C2}


def pairs():
    for c in range(0x80, 0x10000):
        if 0xD800 <= c <= 0xDFFF or c in WINDOWS_KEEPS:
            continue
        u = chr(c).upper()
        if len(u) == 1 and ord(u) != c and ord(u) < 0x10000:
            yield c, ord(u) - c


def runs(ps):
    out, i = [], 0
    while i < len(ps):
        c, d = ps[i]
        j, step = i + 1, None
        while j < len(ps):
            c2, d2 = ps[j]
            s = c2 - ps[j - 1][0]
            if d2 != d or (step is None and s not in (1, 2)) or (step is not None and s != step):
                break
            step = step or s
            j += 1
        out.append((c, ps[j - 1][0], d, step or 1))
        i = j
    return out


def main():
    rs = runs(list(pairs()))
    print("\t/* Unicode %s simple upper-case mappings, %d runs */" % (unicodedata.unidata_version, len(rs)))
    for a, b, d, s in rs:
        print("\t{ 0x%04X, 0x%04X, %d, %d }," % (a, b, d, s))


if __name__ == "__main__":
    main()
