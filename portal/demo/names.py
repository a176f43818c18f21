"""Believable Chinese names and mobile numbers from a seeded random source."""

import random

# Common surnames, weighted towards the south-west (韦, 覃, 黄, 梁, 蒙, 陆).
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董"
    "潘袁蒋蔡余杜叶程苏魏吕丁沈姚卢钟谭陆汪范金石廖贾夏韦方白邹孟熊秦江雷"
    "龙黎覃莫蒙农凌甘"
)
_HEAVY = "王李张刘陈黄韦覃梁"

CHILD_BOY = "子浩宇轩睿泽俊辰一铭博文然皓晨嘉豪明涛思远昊天成奕翔煜航瑞霖哲逸宸"
CHILD_GIRL = "欣梓涵雨萱诗琪可馨怡佳悦语彤若曦一诺紫安然依晴梦瑶思琪静雅茜婷"
PARENT_MAN = "建国伟军强磊勇斌杰涛明超华平刚辉鹏志宏海波飞林峰永胜文东"
PARENT_WOMAN = "丽芳敏静艳娟霞燕红玲英萍梅琳洁雪慧娜颖莉春兰秀翠凤"
ELDER_MAN = "德福永贵树林有才国庆金山长生庆华家明守成振兴"
ELDER_WOMAN = "秀兰桂英凤英玉梅淑珍翠花桂芳秀英玉兰素芬月娥"
TEACHER_GIVEN = "晓静文华丽娟志强海燕建平春梅红霞明辉雪梅卫东玉洁晓东丹丹"

MOBILE_PREFIXES = (
    "130",
    "131",
    "132",
    "135",
    "136",
    "137",
    "138",
    "139",
    "150",
    "151",
    "152",
    "155",
    "157",
    "158",
    "159",
    "176",
    "177",
    "180",
    "182",
    "183",
    "185",
    "186",
    "187",
    "188",
    "189",
    "191",
    "193",
    "199",
)


class NameSource:
    """Names and unique mobile numbers, the same ones on every run."""

    def __init__(self, seed: int):
        self.random = random.Random(seed)
        self._phones: set[str] = set()

    def surname(self) -> str:
        if self.random.random() < 0.35:
            return self.random.choice(_HEAVY)
        return self.random.choice(SURNAMES)

    def _given(self, chars: str, *, single_share: float = 0.2) -> str:
        if self.random.random() < single_share:
            return self.random.choice(chars)
        return self.random.choice(chars) + self.random.choice(chars)

    def child(self, surname: str, *, boy: bool) -> str:
        return surname + self._given(CHILD_BOY if boy else CHILD_GIRL, single_share=0.15)

    def parent(self, surname: str, *, man: bool) -> str:
        return surname + self._given(PARENT_MAN if man else PARENT_WOMAN, single_share=0.45)

    def elder(self, surname: str, *, man: bool) -> str:
        chars = ELDER_MAN if man else ELDER_WOMAN
        start = self.random.randrange(0, len(chars) // 2) * 2
        return surname + chars[start : start + 2]

    def teacher(self) -> str:
        start = self.random.randrange(0, len(TEACHER_GIVEN) // 2) * 2
        return self.surname() + TEACHER_GIVEN[start : start + 2]

    def reserve(self, number: str) -> str:
        """A fixed number (a demo login's) that `mobile` must never hand out."""
        self._phones.add(number)
        return number

    def mobile(self) -> str:
        while True:
            number = self.random.choice(MOBILE_PREFIXES) + f"{self.random.randrange(10**8):08d}"
            if number not in self._phones:
                self._phones.add(number)
                return number
