"""Write the small invented fixtures used by tests/test_loaders.py.

Run from the repository root: ``python tests/data/loaders/make_fixtures.py``.
Every article here is made up for the tests.
"""

from pathlib import Path

HERE = Path(__file__).resolve().parent


def write(rel: str, data: str | bytes) -> None:
    path = HERE / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)


# --- txt folders -------------------------------------------------------------
write("txt/bugle/web.txt", "Web found in city hall\n\nA large web was found in city hall.\nNobody knows who made it.\n")
write("txt/bugle/2020/mayor.txt", "\n  Mayor “appears” calm  \n\n\nThe mayor said the web may be art.\n")
write("txt/planet/stocks.txt", "Stocks rise\nShares rose on Monday, analysts say.\n")

write("txt_sidecar/a.txt", "Café opens\n\nA new café opened on Main Street.\n")
write("txt_sidecar/b.txt", "Café closes\n\nThe café closed after one day.\n")
write("txt_sidecar/metadata.csv",
      "file,doc_id,outlet,date,author\n"
      "a.txt,cafe-1,Daily Bugle,2020-03-01,Ann Lee\n"
      "b.txt,cafe-2,Planet,\"Mar 2, 2020\",Bo Chan\n")

write("txt_sidecar_bad/a.txt", "Café opens\n\nA new café opened on Main Street.\n")
write("txt_sidecar_bad/c.txt", "No row\n\nThis file has no metadata row.\n")
write("txt_sidecar_bad/metadata.csv",
      "file,outlet\n"
      "a.txt,Daily Bugle\n"
      "missing.txt,Planet\n"
      ",Planet\n")

write("txt_bad/1_ok.txt", "Fine\n\nThis one is fine.\n")
write("txt_bad/2_latin1.txt", "Caf\xe9\n\nWritten in Latin-1, not UTF-8.\n".encode("latin-1"))
write("txt_bad/3_binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
write("txt_bad/4_title_only.txt", "Only a title\n\n   \n")
write("txt_empty/README.md", "No articles here.\n")

# --- tables --------------------------------------------------------------------
good = [
    '{"id": "b1", "source": "Daily Bugle", "date": "2016-12-31T23:30:00-05:00", "title": "Web found", "text": "A web was found.", "authors": ["Ann Lee", "Bo Chan"], "bias": 0}',
    '{"id": "b2", "source": "Planet", "date": "Feb 26, 2017", "headline": "ignored", "title": "Mayor calm", "text": "The mayor may be calm.", "date_raw": "2/26/17", "bias": 2}',
    '{"id": "b3", "source": "Planet", "date": null, "title": "No date", "text": "Undated story.", "bias": 2}',
]
write("table/good.jsonl", "\n".join(good) + "\n")
write("table/good.json", "[\n" + ",\n".join(good) + "\n]\n")
write("table/wrapped.json", '{"articles": [\n' + ",\n".join(good) + "\n]}\n")
write("table/good.csv",
      "doc_id,publication,pub_date,headline,body,section\n"
      "c1,Daily Bugle,2020-03-01,Web found,\"A web, found.\nSecond line.\",city\n"
      "c2,Planet,3/4/2020,Stocks rise,Shares rose.,money\n")
write("table/good.tsv",
      "uid\tpublisher\tpublished\ttitle\tcontent\n"
      "t1\tDaily Bugle\t26 February 1987\tWeb\tA web was found.\n")
write("table/no_ids.jsonl",
      '{"outlet": "Bugle", "text": "First."}\n\n{"outlet": "Bugle", "text": "Third line."}\n')
write("table/no_outlet.jsonl", '{"id": 1, "text": "First."}\n')
write("table/no_text.jsonl", '{"id": 1, "source": "Bugle", "words": "First."}\n')
bad_lines = [
    '{"id": "x1", "source": "Bugle", "date": "2020-01-01", "text": "Good one."}',    # 1 ok
    '{"id": "x2", "source": "Bugle", "text": "Broken" ',                            # 2 malformed
    None,                                                                            # 3 undecodable
    '{"id": "x4", "source": "Bugle", "date": "2020-01-04"}',                         # 4 missing text
    '{"id": "x5", "source": "Bugle", "text": "   "}',                                # 5 empty text
    '{"id": "x6", "source": "Bugle", "date": "next Tuesday", "text": "Bad date."}',  # 6 bad date
    '{"id": "x1", "source": "Bugle", "text": "Same id again."}',                     # 7 duplicate
    '{"id": "x8", "text": "No outlet."}',                                            # 8 missing outlet
    '["not", "an", "object"]',                                                       # 9 not an object
    '{"id": "x10", "source": "Bugle", "text": "Good too."}',                         # 10 ok
]
data = b""
for line in bad_lines:
    data += (b'{"id": "x3", "source": "Bugle", "text": "Caf\xe9"}' if line is None
             else line.encode("utf-8")) + b"\n"
write("table/bad.jsonl", data)
write("table/bad.csv",
      b"id,source,date,text\n"
      b"k1,Bugle,2020-01-01,Good one.\n"
      b"k2,Bugle,2020-01-02,Caf\xe9 in Latin-1\n"
      b"k3,Bugle,2020-01-03,\n"
      b"k4,Bugle,2020-01-04,Too,many,fields\n"
      b"k5,Bugle,31/31/2020,Bad date.\n")
write("table/bad_array.json", '[{"id": 1, "source": "B", "text": "x"},\n {"id": 2,,}]\n')
write("table/binary.jsonl", b"\x00\x01\x02\x03binary\x00\n")
write("table/empty.jsonl", "\n\n")
write("table/empty.csv", "")

# --- Reuters SGML ------------------------------------------------------------------
write("reuters/reut2-900.sgm", (
    '<!DOCTYPE lewis SYSTEM "lewis.dtd">\n'
    '<REUTERS TOPICS="YES" LEWISSPLIT="TRAIN" CGISPLIT="TRAINING-SET" OLDID="11" NEWID="1">\n'
    '<DATE>26-FEB-1987 15:01:01.79</DATE>\n'
    '<TOPICS><D>cocoa</D><D>grain</D></TOPICS>\n<PLACES><D>usa</D></PLACES>\n'
    '<PEOPLE></PEOPLE>\n<ORGS></ORGS>\n<EXCHANGES></EXCHANGES>\n<COMPANIES></COMPANIES>\n'
    '<UNKNOWN> \n&#5;&#5;&#5;C T\n&#22;&#22;&#1;f0704&#31;reute\nu f BC-COCOA   02-26 0105</UNKNOWN>\n'
    '<TEXT>&#2;\n<TITLE>COCOA &lt;CC&gt; RISES</TITLE>\n<DATELINE>    SALVADOR, Feb 26 - </DATELINE>'
    '<BODY>Cocoa rose in the week &amp; traders\nsaid prices may rise.\n Reuter\n&#3;</BODY></TEXT>\n'
    '</REUTERS>\n'
    '<REUTERS TOPICS="NO" LEWISSPLIT="TRAIN" CGISPLIT="TRAINING-SET" OLDID="12" NEWID="2">\n'
    '<DATE>27-MAR-1987 00:02:59.13&#5;&#5;&#5;RM</DATE>\n'
    '<TOPICS></TOPICS>\n<PLACES></PLACES>\n<PEOPLE></PEOPLE>\n<ORGS></ORGS>\n<EXCHANGES></EXCHANGES>\n<COMPANIES></COMPANIES>\n'
    '<TEXT TYPE="BRIEF">&#2;\n<TITLE>BANK RAISES RATE\n</TITLE>\n&#3;\n\n</TEXT>\n'
    '</REUTERS>\n'
    '<REUTERS TOPICS="NO" LEWISSPLIT="TEST" CGISPLIT="TRAINING-SET" OLDID="13" NEWID="3">\n'
    '<DATE>2-MAR-1987 09:00:00.00</DATE>\n'
    '<TOPICS></TOPICS>\n<PLACES></PLACES>\n<PEOPLE></PEOPLE>\n<ORGS></ORGS>\n<EXCHANGES></EXCHANGES>\n<COMPANIES></COMPANIES>\n'
    '<TEXT TYPE="UNPROC">&#2;\nWEEKLY REPORT - MARCH 2\n Reserves....644 vs 1,337\n REUTER\n&#3;</TEXT>\n'
    '</REUTERS>\n'
    '<REUTERS TOPICS="NO" LEWISSPLIT="TEST" CGISPLIT="TRAINING-SET" OLDID="14" NEWID="4">\n'
    '<DATE>31-MAR-1987 605:12:19.12</DATE>\n'
    '<TOPICS></TOPICS>\n<PLACES></PLACES>\n<PEOPLE></PEOPLE>\n<ORGS></ORGS>\n<EXCHANGES></EXCHANGES>\n<COMPANIES></COMPANIES>\n'
    '<TEXT>&#2;\n<TITLE>TIME GARBLED</TITLE>\n<BODY>The time of this story is garbled.\n Reuter\n&#3;</BODY></TEXT>\n'
    '</REUTERS>\n').encode("latin-1"))

# --- HTML ------------------------------------------------------------------------
para = "<p>The city council met on Monday and said the web in the hall may stay for now. </p>" * 4
write("html/bugle/web.html",
      '<html><head><meta charset="utf-8"><title>Web may stay</title>'
      '<meta property="og:site_name" content="Daily Bugle">'
      '<meta property="article:published_time" content="2020-03-01T23:30:00-05:00">'
      f'</head><body><nav>Home | News</nav><article><h1>Web may stay</h1>{para}</article>'
      '<footer>Comments are closed.</footer></body></html>')
write("html/bugle/binary.html", b"<html>\x00\x00\x00</html>")
write("html/bugle/empty.html", "<html><head><title>Nothing</title></head><body></body></html>")
