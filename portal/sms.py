"""The SMS backend interface. The provider is a setting (`SMS_BACKEND`);
the console backend prints, the locmem backend keeps an outbox for tests."""

import sys
from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string

outbox: list["SmsMessage"] = []


@dataclass(frozen=True)
class SmsMessage:
    phone: str
    text: str


class BaseBackend:
    def send(self, message: SmsMessage) -> None:
        raise NotImplementedError


class ConsoleBackend(BaseBackend):
    def send(self, message: SmsMessage) -> None:
        sys.stdout.write(f"[SMS → {message.phone}] {message.text}\n")
        sys.stdout.flush()


class LocmemBackend(BaseBackend):
    def send(self, message: SmsMessage) -> None:
        outbox.append(message)


def get_backend() -> BaseBackend:
    return import_string(settings.SMS_BACKEND)()


def send_sms(*, phone: str, text: str) -> SmsMessage:
    message = SmsMessage(phone=phone, text=f"{settings.SMS_SIGNATURE}{text}")
    get_backend().send(message)
    return message
