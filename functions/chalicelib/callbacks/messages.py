# ruff: noqa: RUF001  (Chinese text uses full-width punctuation on purpose)
"""The SMS texts of callback booking, per language (zh-CN, en-US). Short: one SMS segment each."""

from __future__ import annotations

LANGUAGES = ("en-US", "zh-CN")

_TEXTS: dict[str, dict[str, str]] = {
    "en-US": {
        "code": "Your callback booking code is {code}. It expires in {minutes} minutes. Do not share it.",
        "booked": "Callback booked for {when}. Reference {reference}. To see, move or cancel: {link}",
        "moved": "Your callback has moved to {when}. Reference {reference}.",
        "cancelled": "Your callback for {when} is cancelled. Reference {reference}.",
        "reminder": "Reminder: we will call you back at {when}. Reference {reference}. To move or cancel: {link}",
        "missed": "We tried to call you back for your booking {reference} but could not reach you. "
        "We have opened a case and will contact you again.",
    },
    "zh-CN": {
        "code": "您的回电预约验证码为 {code}，{minutes} 分钟内有效，请勿告诉他人。",
        "booked": "已为您预约回电：{when}。预约号 {reference}。查看、改期或取消：{link}",
        "moved": "您的回电已改到 {when}。预约号 {reference}。",
        "cancelled": "您 {when} 的回电预约已取消。预约号 {reference}。",
        "reminder": "提醒：我们将在 {when} 给您回电。预约号 {reference}。改期或取消：{link}",
        "missed": "我们按预约 {reference} 给您回电未能接通，已为您创建工单，稍后会再与您联系。",
    },
}


def language_or_default(language: str | None) -> str:
    return language if language in LANGUAGES else "en-US"


def text(key: str, language: str | None, **values: object) -> str:
    return _TEXTS[language_or_default(language)][key].format(**values)
