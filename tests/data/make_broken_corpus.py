"""Writes `tests/data/broken/`: small files, each a realistic way a seller's download goes wrong.

Run `.venv/bin/python tests/data/make_broken_corpus.py` to rebuild the folder. The files are committed, so the tests
do not depend on this script; it records how each file was made. Values are invented; the layouts are the real ones
(Business Report CSV with a BOM and en dashes, as Seller Central writes it in 2025).
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import random
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl

HERE = Path(__file__).resolve().parent / "broken"

BR_HEADER = [
    "(Parent) ASIN", "(Child) ASIN", "Title", "SKU", "Sessions – Total", "Sessions – Total – B2B",
    "Session percentage – Total", "Session percentage – Total – B2B", "Page views – Total",
    "Page views – Total – B2B", "Page views percentage – Total", "Page views percentage – Total – B2B",
    "Featured Offer (Buy Box) percentage", "Featured Offer (Buy Box) percentage – B2B", "Units ordered",
    "Units ordered – B2B", "Unit Session Percentage", "Unit session percentage – B2B", "Ordered Product Sales",
    "Ordered product sales – B2B", "Total order items", "Total order items – B2B",
]  # fmt: skip
TITLES = [
    "Hazelnut Syrup for Coffee 700ml",
    "Runny Honey, Squeezy Bottle 3.17kg",
    "Plain Uncooked Poppadoms 1kg",
    "White Balsamic Vinegar (500ml)",
    "Gluten Free Panko Breadcrumbs 1kg – Light & Crispy",
    "Smoked Sea Salt Flakes 250g",
    "Cold Brew Coffee Concentrate 1L",
    "Matcha Green Tea Powder 100g",
]


def br_row(i: int) -> list[str]:
    """One invented Business Report row in the 22-column layout; `i` makes it unique."""
    sessions = 40 + 7 * i
    units = 3 + i % 9
    pence = 1299 * units + 37 * i
    sales = f"£{pence // 100:,}.{pence % 100:02d}"
    asin = f"B0SO{i:06d}"
    return [
        asin if i % 3 else "B0SOPARENT", asin, TITLES[i % len(TITLES)], f"SKU-{i:03d}", f"{sessions:,}",
        str(i % 4), f"{0.05 + i / 100:.2f}%", "0.00%", f"{sessions + 11:,}", str(i % 4), f"{0.06 + i / 100:.2f}%",
        "0.00%", f"{90 + i % 10}.{i % 7}0%", "100.00%", str(units), "0", f"{units / sessions * 100:.2f}%", "0.00%",
        sales, "£0.00", str(units - 1), "0",
    ]  # fmt: skip


def csv_text(header: list[str], rows: list[list[str]], *, delimiter: str = ",", newline: str = "\n") -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator=newline)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def br_text(rows: list[list[str]] | None = None, *, header: list[str] | None = None) -> str:
    """A Business Report as Seller Central writes it: UTF-8 with a BOM, comma-separated, LF line ends."""
    return "\ufeff" + csv_text(
        header or BR_HEADER, rows if rows is not None else [br_row(i) for i in range(1, 6)]
    )


def br_bytes(rows: list[list[str]] | None = None, *, header: list[str] | None = None) -> bytes:
    return br_text(rows, header=header).encode("utf-8")


def with_cell(row: list[str], header_name: str, value: str) -> list[str]:
    out = list(row)
    out[BR_HEADER.index(header_name)] = value
    return out


def workbook_bytes(sheets: list[tuple[str, list[list[object]]]]) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets:
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _rows(n: int) -> list[list[str]]:
    return [br_row(i) for i in range(1, n + 1)]


# --- the cases ------------------------------------------------------------------------------------------------


def empty() -> bytes:
    return b""


def only_whitespace() -> bytes:
    return b"  \r\n\r\n\t \r\n"


def header_only() -> bytes:
    return br_bytes([])


def truncated_mid_row() -> bytes:
    data = br_bytes(_rows(6))
    return data[: data.rindex(b"\n", 0, len(data) - 1) + 60]


def truncated_inside_quoted_field() -> bytes:
    # The last row's title is quoted (it holds a comma); the download stopped inside it.
    data = br_bytes([*_rows(4), br_row(9)])
    return data[: data.rindex(b'"Runny Honey') + len('"Runny Ho')]


def truncated_mid_utf8_character() -> bytes:
    # Cut between the two bytes of the last row's £ sign.
    data = br_bytes(_rows(5))
    return data[: data.rindex("£".encode()) + 1]


def gb18030_bytes_with_utf8_bom() -> bytes:
    rows = _rows(5)
    rows[2] = with_cell(rows[2], "Title", "蜂蜜 挤压瓶 3公斤")
    text = br_text(rows)
    head, _, rest = text.partition("\n")
    return (head + "\n").encode("utf-8") + rest.encode("gb18030")


def latin1_pound_sign_in_utf8_file() -> bytes:
    # Someone fixed one amount in an editor that saved that line as Latin-1: £ became the single byte A3.
    lines = br_bytes(_rows(5)).split(b"\n")
    lines[4] = lines[4].replace("£".encode(), b"\xa3")
    return b"\n".join(lines)


def utf16le_without_bom() -> bytes:
    return br_text(_rows(3)).lstrip("\ufeff").encode("utf-16-le")


def png_image() -> bytes:
    import struct
    import zlib

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    pixels = zlib.compress(b"\x00\xff\x00\x00" * 4)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 4, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", pixels)
        + chunk(b"IEND", b"")
    )


def zip_not_a_workbook() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("BusinessReport-16-07-2025.csv", br_text())
    return buffer.getvalue()


def random_bytes() -> bytes:
    return random.Random(20250716).randbytes(2048)


def html_signin_page() -> bytes:
    return b"""<!doctype html>
<html class="a-no-js" data-19ax5a9jf="dingo"><head><meta charset="utf-8"/>
<title dir="ltr">Amazon Sign-In</title>
<link rel="stylesheet" href="https://images-eu.ssl-images-amazon.com/images/I/signin.css"/>
</head><body><div id="a-page"><form name="signIn" method="post" action="https://sellercentral.amazon.co.uk/ap/signin">
<h1>Sign in</h1><label for="ap_email">Email or mobile phone number</label>
<input type="email" name="email" id="ap_email"/><input type="submit" id="signInSubmit" value="Continue"/>
</form></div></body></html>
"""


def html_error_page() -> bytes:
    return b"""

<HTML><HEAD><TITLE>503 Service Unavailable</TITLE></HEAD>
<BODY><H1>Service Unavailable</H1>
<p>We're sorry, the report you requested could not be generated. Please try again later.</p>
</BODY></HTML>
"""


def csv_named_xlsx() -> bytes:
    return br_bytes(_rows(3))


def xlsx_named_csv() -> bytes:
    return workbook_bytes([("BusinessReport", [BR_HEADER, *_rows(3)])])


def xlsx_best_sheet_not_first() -> bytes:
    notes = [["Notes for the team"], ["Exported from Seller Central, week 29"], ["Checked by", "Sam"]]
    return workbook_bytes([("Notes", notes), ("Sheet1", [BR_HEADER, *_rows(4)])])


def xlsx_title_line_bad_cell_row_5() -> bytes:
    rows: list[list[object]] = [["Detail Page Sales and Traffic By Child Item"], list(BR_HEADER), *_rows(4)]
    rows[4] = with_cell(_rows(4)[2], "Units ordered", "#VALUE!")  # sheet row 5
    return workbook_bytes([("BusinessReport", rows)])


def xlsx_corrupt_truncated() -> bytes:
    data = workbook_bytes([("BusinessReport", [BR_HEADER, *_rows(3)])])
    return data[: len(data) // 2]


def xlsx_password_protected() -> bytes:
    # An encrypted Office file is an OLE container holding the streams EncryptionInfo and EncryptedPackage;
    # this is the start of one (header sector, then the directory entries' names), enough to be recognised.
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 16 + b"\x3e\x00\x03\x00\xfe\xff\x09\x00"
    header += b"\x00" * (512 - len(header))
    names = b""
    for name in ("Root Entry", "EncryptionInfo", "EncryptedPackage"):
        encoded = name.encode("utf-16-le") + b"\x00\x00"
        names += encoded + b"\x00" * (128 - len(encoded))
    return header + names + random.Random(7).randbytes(1024)


def missing_required_column() -> bytes:
    drop = BR_HEADER.index("Units ordered")
    return br_bytes(
        [r[:drop] + r[drop + 1 :] for r in _rows(4)], header=BR_HEADER[:drop] + BR_HEADER[drop + 1 :]
    )


def renamed_header() -> bytes:
    header = list(BR_HEADER)
    header[header.index("Ordered Product Sales")] = "Sales (GBP)"
    return br_bytes(_rows(4), header=header)


def extra_field_row_4() -> bytes:
    # Row 4's title holds a comma but lost its quotes: every later column shifts right by one.
    lines = br_text(_rows(5)).split("\n")
    lines[3] = lines[3].replace("White Balsamic Vinegar (500ml)", "Vinegar, White Balsamic (500ml)")
    assert lines[3].count(",") == len(BR_HEADER)
    return "\n".join(lines).encode("utf-8")


def too_few_fields_row_5() -> bytes:
    lines = br_text(_rows(5)).split("\n")
    lines[4] = lines[4].rsplit(",", 1)[0]
    return "\n".join(lines).encode("utf-8")


def header_repeated_row_5() -> bytes:
    # Two downloads pasted together: the second one's BOM and header sit in the middle.
    first, second = br_text(_rows(3)), br_text([br_row(i) for i in range(10, 13)])
    return (first + second).encode("utf-8")


def duplicate_rows_same_asin() -> bytes:
    rows = _rows(5)
    again = with_cell(rows[1], "Sessions – Total", "99")
    return br_bytes([*rows, again])


def decimal_comma_in_uk_file() -> bytes:
    rows = _rows(5)
    rows[1] = with_cell(rows[1], "Ordered Product Sales", "£1.234,56")
    rows[3] = with_cell(rows[3], "Ordered Product Sales", "£87,10")
    return br_bytes(rows)


def decimal_comma_throughout() -> bytes:
    # A file re-saved by a spreadsheet in a German locale: every decimal written with a comma.
    rows = []
    for i in range(1, 5):
        row = br_row(i)
        row = [
            c.replace(",", "").replace(".", ",") if c[:1].isdigit() or c.startswith("£") else c for c in row
        ]
        rows.append(row)
    rows[0] = with_cell(rows[0], "Ordered Product Sales", "£1.234,56")
    return br_bytes(rows)


def text_in_number_column_row_3() -> bytes:
    rows = _rows(5)
    rows[1] = with_cell(rows[1], "Sessions – Total", "see note")
    return br_bytes(rows)


def percentage_abc_row_6() -> bytes:
    rows = _rows(6)
    rows[4] = with_cell(rows[4], "Featured Offer (Buy Box) percentage", "abc")
    return br_bytes(rows)


def excel_error_values() -> bytes:
    rows = _rows(5)
    rows[0] = with_cell(rows[0], "Ordered Product Sales", "#REF!")
    rows[3] = with_cell(rows[3], "Units ordered", "#VALUE!")
    return br_bytes(rows)


def fraction_in_whole_number_column() -> bytes:
    rows = _rows(4)
    rows[2] = with_cell(rows[2], "Units ordered", "2.5")
    return br_bytes(rows)


def blank_child_asin_row_4() -> bytes:
    rows = _rows(5)
    rows[2] = with_cell(rows[2], "(Child) ASIN", "")
    return br_bytes(rows)


def mixed_currencies() -> bytes:
    rows = _rows(5)
    rows[3] = with_cell(rows[3], "Ordered Product Sales", "€412.30")
    return br_bytes(rows)


def pound_file_for_germany() -> bytes:
    return br_bytes([br_row(i) for i in range(30, 33)])


def three_bad_rows_of_20() -> bytes:
    rows = _rows(20)
    rows[3] = with_cell(rows[3], "Sessions – Total", "n.v.")  # row 5
    rows[10] = with_cell(rows[10], "Ordered Product Sales", "£12,34,5")  # row 12
    rows[16] = with_cell(rows[16], "Featured Offer (Buy Box) percentage", "high")  # row 18
    return br_bytes(rows)


def blank_lines_before_header_bad_cell_line_6() -> bytes:
    rows = _rows(4)
    rows[2] = with_cell(rows[2], "Page views – Total", "lots")  # line 2 blank + header line 3 → line 6
    return b"\n\n" + br_text(rows).lstrip("\ufeff").encode("utf-8")


def blank_line_mid_file_bad_cell_row_7() -> bytes:
    rows = _rows(5)
    rows[4] = with_cell(rows[4], "Units ordered", "seven")
    lines = br_text(rows).split("\n")
    lines.insert(3, "")  # line 4 is blank: the rows after it are one line further down
    return "\n".join(lines).encode("utf-8")


def multiline_title_bad_cell_row_5() -> bytes:
    rows = _rows(5)
    rows[1] = with_cell(rows[1], "Title", "Runny Honey\nSqueezy Bottle 3.17kg")  # row 3 spans two lines
    rows[3] = with_cell(rows[3], "Total order items", "x")  # row 5, on line 6
    return br_bytes(rows)


def json_cut_off() -> bytes:
    document = {
        "reportSpecification": {
            "reportType": "GET_SALES_AND_TRAFFIC_REPORT",
            "reportOptions": {"dateGranularity": "DAY", "asinGranularity": "CHILD"},
            "dataStartTime": "2025-07-14",
            "dataEndTime": "2025-07-20",
            "marketplaceIds": ["A1F83G8C2ARO7P"],
        },
        "salesAndTrafficByDate": [
            {
                "date": f"2025-07-{d}",
                "salesByDate": {"orderedProductSales": {"amount": 120.5 + d, "currencyCode": "GBP"}},
                "trafficByDate": {"sessions": 40 + d, "pageViews": 51 + d},
            }
            for d in range(14, 21)
        ],
    }
    text = json.dumps(document, indent=2)
    return text[: len(text) * 2 // 3].encode("utf-8")


def json_not_a_report() -> bytes:
    return json.dumps(
        {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"name": "Leeds"}}]},
        indent=2,
    ).encode("utf-8")


def shopify_orders_export() -> bytes:
    header = [
        "Name", "Email", "Financial Status", "Paid at", "Fulfillment Status", "Fulfilled at", "Currency",
        "Subtotal", "Shipping", "Taxes", "Total", "Discount Code", "Created at", "Lineitem quantity",
        "Lineitem name", "Lineitem price", "Lineitem sku", "Billing Name", "Shipping Country",
    ]  # fmt: skip
    rows = [
        ["#1001", "sam@example.com", "paid", "2025-07-14 10:02:11 +0100", "fulfilled", "2025-07-15 09:00:00 +0100",
         "GBP", "24.00", "3.99", "4.67", "27.99", "", "2025-07-14 10:02:09 +0100", "2", "Hazelnut Syrup 700ml",
         "12.00", "SKU-001", "Sam Smith", "GB"],
    ]  # fmt: skip
    return csv_text(header, rows).encode("utf-8")


def title_line_only() -> bytes:
    return b"Detail Page Sales and Traffic By Child Item\r\n"


def gzip_damaged() -> bytes:
    data = gzip.compress(br_bytes(_rows(20)), mtime=0)
    return data[: len(data) - 40]


def cr_only_line_endings() -> bytes:
    return ("\ufeff" + csv_text(BR_HEADER, _rows(4), newline="\r")).encode("utf-8")


def nul_bytes_mid_file() -> bytes:
    lines = br_bytes(_rows(6)).split(b"\n")
    lines[4] = lines[4][:30] + b"\x00" * 64 + lines[4][30:]
    return b"\n".join(lines)


def very_long_title_cell() -> bytes:
    rows = _rows(3)
    rows[1] = with_cell(rows[1], "Title", "Hazelnut Syrup " * 600)
    return br_bytes(rows)


def semicolon_separated_excel_save() -> bytes:
    return ("\ufeff" + csv_text(BR_HEADER, _rows(4), delimiter=";")).encode("utf-8")


# --- other layouts: the All Orders flat file, a settlement flat file, an Ads custom report --------------------

ORDERS_HEADER = [
    "amazon-order-id", "merchant-order-id", "purchase-date", "last-updated-date", "order-status",
    "fulfillment-channel", "sales-channel", "order-channel", "ship-service-level", "product-name", "sku", "asin",
    "item-status", "quantity", "currency", "item-price", "item-tax", "shipping-price", "shipping-tax",
    "gift-wrap-price", "gift-wrap-tax", "item-promotion-discount", "ship-promotion-discount", "ship-city",
    "ship-state", "ship-postal-code", "ship-country", "promotion-ids", "cpf", "is-business-order",
    "purchase-order-number", "price-designation",
]  # fmt: skip


def order_row(i: int, purchased: str = "") -> list[str]:
    day = 14 + i % 5
    when = purchased or f"2025-07-{day:02d}T{8 + i % 10:02d}:1{i % 10}:05+00:00"
    units = 1 + i % 3
    return [
        f"203-{4400000 + i:07d}-{1000000 + 37 * i:07d}", "", when, when, "Shipped", "Amazon", "Amazon.co.uk", "",
        "Standard", TITLES[i % len(TITLES)], f"SKU-{i:03d}", f"B0SO{i:06d}", "Shipped", str(units), "GBP",
        f"{12.99 * units:.2f}", f"{2.17 * units:.2f}", "0.00", "0.00", "", "", "0.00", "0.00", "LEEDS",
        "West Yorkshire", "LS1 4DY", "GB", "", "", "false", "", "",
    ]  # fmt: skip


def orders_tsv(rows: list[list[str]]) -> bytes:
    return csv_text(ORDERS_HEADER, rows, delimiter="\t").encode("utf-8")


def all_orders_impossible_date_row_3() -> bytes:
    rows = [order_row(i) for i in range(1, 5)]
    rows[1] = order_row(2, purchased="2025-02-30T10:15:00+00:00")
    return orders_tsv(rows)


def all_orders_cut_off() -> bytes:
    data = orders_tsv([order_row(i) for i in range(1, 7)])
    return data[: data.rindex(b"\n", 0, len(data) - 1) + 90]


SETTLEMENT_HEADER = [
    "settlement-id", "settlement-start-date", "settlement-end-date", "deposit-date", "total-amount", "currency",
    "transaction-type", "order-id", "merchant-order-id", "adjustment-id", "shipment-id", "marketplace-name",
    "shipment-fee-type", "shipment-fee-amount", "order-fee-type", "order-fee-amount", "fulfillment-id",
    "posted-date", "order-item-code", "merchant-order-item-id", "merchant-adjustment-item-id", "sku",
    "quantity-purchased", "price-type", "price-amount", "item-related-fee-type", "item-related-fee-amount",
    "misc-fee-amount", "other-fee-amount", "other-fee-reason-description", "promotion-id", "promotion-type",
    "promotion-amount", "direct-payment-type", "direct-payment-amount", "other-amount",
]  # fmt: skip


def settlement_cut_off() -> bytes:
    width = len(SETTLEMENT_HEADER)
    summary = ["24288684721", "2025-08-01T00:00:00+00:00", "2025-08-15T00:00:00+00:00",
               "2025-08-17T00:00:00+00:00", "412.77", "GBP"] + [""] * (width - 6)  # fmt: skip
    rows = [summary]
    for i in range(1, 9):
        row = [""] * width
        row[0], row[6], row[7], row[11] = (
            "24288684721",
            "Order",
            f"203-{4400000 + i:07d}-1000037",
            "Amazon.co.uk",
        )
        row[16], row[17], row[21], row[22] = (
            "AFN",
            f"2025-08-0{1 + i % 9}T10:00:00+00:00",
            f"SKU-{i:03d}",
            "1",
        )
        for price_type, amount, fee_type, fee in (("Principal", "12.99", "Commission", "-1.95"),):
            row[23], row[24], row[25], row[26] = price_type, amount, fee_type, fee
        rows.append(row)
    data = csv_text(SETTLEMENT_HEADER, rows, delimiter="\t").encode("utf-8")
    return data[: data.rindex(b"\n", 0, len(data) - 1) + 40]


ADS_CUSTOM_HEADER = [
    "Date range", "Campaign name", "Campaign ID", "Ad group name", "Ad group ID", "Target value",
    "Target match type", "Search term", "Budget currency", "Impressions", "Clicks", "CTR", "CPC", "Total cost",
    "Purchases", "Sales", "Units sold", "ROAS", "Cost per purchase", "Purchase rate",
]  # fmt: skip


def ads_row(i: int, currency: str = "GBP", date_range: str = "Jul 14, 2025 - Jul 20, 2025") -> list[str]:
    clicks = 3 + i
    return [
        date_range, "SP – Syrups – Auto", '="468170906203317"', "Syrups", '="301122334455667"', "close-match",
        "TARGETING_EXPRESSION_PREDEFINED", f"hazelnut syrup {i}", currency, str(200 + 31 * i), str(clicks),
        f"{clicks / (200 + 31 * i) * 100:.1f}%", "0.45", f"{0.45 * clicks:.2f}", str(i % 3), f"{12.99 * (i % 3):.2f}",
        str(i % 3), "0.00", "0.00", "0.0%",
    ]  # fmt: skip


def ads_custom(rows: list[list[str]]) -> bytes:
    return ("\ufeff" + csv_text(ADS_CUSTOM_HEADER, rows)).encode("utf-8")


def ads_custom_impossible_date_row_4() -> bytes:
    rows = [ads_row(i) for i in range(1, 5)]
    rows[2] = ads_row(3, date_range="Feb 30, 2025 - Mar 02, 2025")
    return ads_custom(rows)


def ads_custom_usd_for_uk() -> bytes:
    return ads_custom([ads_row(i, currency="USD") for i in range(1, 4)])


# --- whole files in a legacy encoding: read when the encoding is certain, refused when it is not -------------


def cp1252_excel_save() -> bytes:
    rows = _rows(3)
    rows[0] = with_cell(rows[0], "Title", "Crème de Cassis Syrup – 700ml")
    return csv_text(BR_HEADER, rows, newline="\r\n").encode("cp1252")


def gb18030_whole_file() -> bytes:
    rows = _rows(3)
    rows[0] = with_cell(rows[0], "Title", "榛子咖啡糖浆 700毫升")
    rows[2] = with_cell(rows[2], "Title", "纯正蜂蜜 挤压瓶 3公斤")
    return csv_text(BR_HEADER, rows, newline="\r\n").encode("gb18030")


def shift_jis_whole_file() -> bytes:
    rows = _rows(3)
    rows[1] = with_cell(rows[1], "Title", "はちみつ 国産 500g")
    return csv_text(BR_HEADER, rows, newline="\r\n").replace("–", "-").replace("£", "").encode("shift_jis")


def koi8r_unknown_encoding() -> bytes:
    rows = _rows(3)
    rows[1] = with_cell(rows[1], "Title", "Мёд натуральный цветочный 500г")
    return csv_text(BR_HEADER, rows).replace("–", "-").replace("£", "").encode("koi8_r")


CASES: dict[str, Callable[[], bytes]] = {
    "empty_0_bytes.csv": empty,
    "only_whitespace.csv": only_whitespace,
    "business_report_header_only.csv": header_only,
    "truncated_mid_row.csv": truncated_mid_row,
    "truncated_inside_quoted_field.csv": truncated_inside_quoted_field,
    "truncated_mid_utf8_character.csv": truncated_mid_utf8_character,
    "gb18030_bytes_with_utf8_bom.csv": gb18030_bytes_with_utf8_bom,
    "latin1_pound_sign_in_utf8_file.csv": latin1_pound_sign_in_utf8_file,
    "utf16le_without_bom.csv": utf16le_without_bom,
    "png_image_saved_as.csv": png_image,
    "zip_of_a_csv_named.xlsx": zip_not_a_workbook,
    "random_bytes.csv": random_bytes,
    "html_signin_page_saved_as.csv": html_signin_page,
    "html_error_page_saved_as.txt": html_error_page,
    "csv_renamed_to.xlsx": csv_named_xlsx,
    "xlsx_renamed_to.csv": xlsx_named_csv,
    "xlsx_report_on_second_sheet.xlsx": xlsx_best_sheet_not_first,
    "xlsx_title_line_bad_cell_row_5.xlsx": xlsx_title_line_bad_cell_row_5,
    "xlsx_corrupt_truncated.xlsx": xlsx_corrupt_truncated,
    "xlsx_password_protected.xlsx": xlsx_password_protected,
    "missing_required_column.csv": missing_required_column,
    "renamed_header.csv": renamed_header,
    "extra_field_row_4.csv": extra_field_row_4,
    "too_few_fields_row_5.csv": too_few_fields_row_5,
    "header_repeated_row_5.csv": header_repeated_row_5,
    "duplicate_rows_same_asin.csv": duplicate_rows_same_asin,
    "decimal_comma_in_uk_file.csv": decimal_comma_in_uk_file,
    "decimal_comma_throughout.csv": decimal_comma_throughout,
    "text_in_number_column_row_3.csv": text_in_number_column_row_3,
    "percentage_abc_row_6.csv": percentage_abc_row_6,
    "excel_error_values.csv": excel_error_values,
    "fraction_in_whole_number_column.csv": fraction_in_whole_number_column,
    "blank_child_asin_row_4.csv": blank_child_asin_row_4,
    "mixed_currencies.csv": mixed_currencies,
    "pound_amounts_with_marketplace_de.csv": pound_file_for_germany,
    "three_bad_rows_of_20.csv": three_bad_rows_of_20,
    "blank_lines_before_header_bad_cell_line_6.csv": blank_lines_before_header_bad_cell_line_6,
    "blank_line_mid_file_bad_cell_row_7.csv": blank_line_mid_file_bad_cell_row_7,
    "multiline_title_bad_cell_row_5.csv": multiline_title_bad_cell_row_5,
    "json_cut_off.json": json_cut_off,
    "json_not_a_report.json": json_not_a_report,
    "shopify_orders_export.csv": shopify_orders_export,
    "title_line_only.csv": title_line_only,
    "gzip_damaged.csv.gz": gzip_damaged,
    "cr_only_line_endings.csv": cr_only_line_endings,
    "nul_bytes_mid_file.csv": nul_bytes_mid_file,
    "very_long_title_cell.csv": very_long_title_cell,
    "semicolon_separated_excel_save.csv": semicolon_separated_excel_save,
    "all_orders_impossible_date_row_3.txt": all_orders_impossible_date_row_3,
    "all_orders_cut_off_mid_row.txt": all_orders_cut_off,
    "settlement_cut_off_mid_row.txt": settlement_cut_off,
    "ads_custom_report_impossible_date_row_4.csv": ads_custom_impossible_date_row_4,
    "ads_custom_report_usd_with_marketplace_uk.csv": ads_custom_usd_for_uk,
    "cp1252_excel_save.csv": cp1252_excel_save,
    "gb18030_whole_file.csv": gb18030_whole_file,
    "shift_jis_whole_file.csv": shift_jis_whole_file,
    "koi8r_unknown_encoding.csv": koi8r_unknown_encoding,
}


def main() -> None:
    HERE.mkdir(exist_ok=True)
    for old in HERE.iterdir():
        old.unlink()
    for name, make in CASES.items():
        (HERE / name).write_bytes(make())


if __name__ == "__main__":
    main()
