"""The marketplaces sellerops knows: currency, time zone, language and how reports name them."""

from __future__ import annotations

from dataclasses import dataclass

from sellerops.errors import InputError


@dataclass(frozen=True)
class Marketplace:
    code: str  # "amazon.US": platform and country, the name every table uses
    platform: str
    country: str
    currency: str
    time_zone: str  # IANA name; local dates in reports are in this zone
    language: str
    amazon_id: str = ""  # SP-API MarketplaceId
    domain: str = ""  # how "sales-channel" / "marketplace-name" columns write it
    decimal_comma: bool = False  # Seller Central pages of this marketplace write 1.234,56


def _amazon(
    country: str, currency: str, tz: str, lang: str, amazon_id: str, domain: str, comma: bool = False
) -> Marketplace:
    return Marketplace(f"amazon.{country}", "amazon", country, currency, tz, lang, amazon_id, domain, comma)


# SP-API marketplace ids: developer-docs.amazon.com/sp-api/docs/marketplace-ids
MARKETPLACES: dict[str, Marketplace] = {
    m.code: m
    for m in (
        _amazon("US", "USD", "America/Los_Angeles", "en_US", "ATVPDKIKX0DER", "Amazon.com"),
        _amazon("CA", "CAD", "America/Los_Angeles", "en_CA", "A2EUQ1WTGCTBG2", "Amazon.ca"),
        _amazon("MX", "MXN", "America/Los_Angeles", "es_MX", "A1AM78C64UM0Y8", "Amazon.com.mx"),
        _amazon("BR", "BRL", "America/Sao_Paulo", "pt_BR", "A2Q3Y263D00KWC", "Amazon.com.br", comma=True),
        _amazon("UK", "GBP", "Europe/London", "en_GB", "A1F83G8C2ARO7P", "Amazon.co.uk"),
        _amazon("DE", "EUR", "Europe/Berlin", "de_DE", "A1PA6795UKMFR9", "Amazon.de"),
        _amazon("FR", "EUR", "Europe/Paris", "fr_FR", "A13V1IB3VIYZZH", "Amazon.fr"),
        _amazon("IT", "EUR", "Europe/Rome", "it_IT", "APJ6JRA9NG5V4", "Amazon.it"),
        _amazon("ES", "EUR", "Europe/Madrid", "es_ES", "A1RKKUPIHCS9HS", "Amazon.es"),
        _amazon("NL", "EUR", "Europe/Amsterdam", "nl_NL", "A1805IZSGTT6HS", "Amazon.nl"),
        _amazon("SE", "SEK", "Europe/Stockholm", "sv_SE", "A2NODRKZP88ZB9", "Amazon.se"),
        _amazon("PL", "PLN", "Europe/Warsaw", "pl_PL", "A1C3SOZRARQ6R3", "Amazon.pl"),
        _amazon("TR", "TRY", "Europe/Istanbul", "tr_TR", "A33AVAJ2PDY3EV", "Amazon.com.tr"),
        _amazon("AE", "AED", "Asia/Dubai", "en_AE", "A2VIGQ35RCS4UG", "Amazon.ae"),
        _amazon("SA", "SAR", "Asia/Riyadh", "ar_SA", "A17E79C6D8DWNP", "Amazon.sa"),
        _amazon("IN", "INR", "Asia/Kolkata", "en_IN", "A21TJRUUN4KGV", "Amazon.in"),
        _amazon("JP", "JPY", "Asia/Tokyo", "ja_JP", "A1VC38T7YXB528", "Amazon.co.jp"),
        _amazon("AU", "AUD", "Australia/Sydney", "en_AU", "A39IBJ37TRP1C6", "Amazon.com.au"),
        _amazon("SG", "SGD", "Asia/Singapore", "en_SG", "A19VAU5U5O7RUS", "Amazon.sg"),
    )
}


def get_marketplace(code: str) -> Marketplace:
    """Look a marketplace up by code, case-insensitively for the platform part (`amazon.uk` works)."""
    platform, _, country = code.strip().partition(".")
    key = f"{platform.lower()}.{country.upper()}"
    if key == "amazon.GB":
        key = "amazon.UK"
    try:
        return MARKETPLACES[key]
    except KeyError:
        known = ", ".join(sorted(MARKETPLACES))
        raise InputError(f"unknown marketplace {code!r}; use one of: {known}") from None


def by_amazon_id(amazon_id: str) -> Marketplace | None:
    return next((m for m in MARKETPLACES.values() if m.amazon_id == amazon_id.strip()), None)


def by_domain(domain: str) -> Marketplace | None:
    """`Amazon.co.uk`, `amazon.co.uk` or `www.amazon.co.uk` to its marketplace."""
    wanted = domain.strip().lower().removeprefix("www.")
    return next((m for m in MARKETPLACES.values() if m.domain.lower() == wanted), None)


def by_currency(currency: str, platform: str = "amazon") -> Marketplace | None:
    """The one marketplace of a platform that uses this currency, or None when several do (EUR)."""
    found = [
        m for m in MARKETPLACES.values() if m.platform == platform and m.currency == currency.strip().upper()
    ]
    return found[0] if len(found) == 1 else None


def by_country_name(name: str) -> Marketplace | None:
    """Ads reports write the country out in full ("United States")."""
    names = {
        "united states": "US", "canada": "CA", "mexico": "MX", "brazil": "BR", "united kingdom": "UK",
        "germany": "DE", "france": "FR", "italy": "IT", "spain": "ES", "netherlands": "NL", "sweden": "SE",
        "poland": "PL", "turkey": "TR", "united arab emirates": "AE", "saudi arabia": "SA", "india": "IN",
        "japan": "JP", "australia": "AU", "singapore": "SG",
    }  # fmt: skip
    country = names.get(name.strip().lower())
    return MARKETPLACES.get(f"amazon.{country}") if country else None
