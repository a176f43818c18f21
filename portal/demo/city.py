"""The fictional demo city of 澄州市 (Chengzhou): its districts, towns and
streets, villages and communities, and schools. Everything here is invented;
the shape follows the two seed cities (an urban core, a growing district with
towns, a mountain county with village schools, and a county-level city)."""

from dataclasses import dataclass

from schools.models import District, SchoolArea, SchoolStage, Town, Village

CITY_NAME = "澄州市"
CITY_BUREAU = "澄州市教育局"


@dataclass(frozen=True)
class TownSpec:
    name: str
    kind: str
    villages: tuple[tuple[str, str], ...]  # (name, Village.Kind)


@dataclass(frozen=True)
class DistrictSpec:
    code: str
    name: str
    kind: str
    towns: tuple[TownSpec, ...]


@dataclass(frozen=True)
class SchoolSpec:
    code: str
    name: str
    district_code: str
    town: str
    stage: str
    area: str
    classes_per_grade: int
    address: str
    phone: str


_C = Village.Kind.COMMUNITY
_V = Village.Kind.VILLAGE

DISTRICTS = (
    DistrictSpec(
        code="459902",
        name="澄江区",
        kind=District.Kind.DISTRICT,
        towns=(
            TownSpec("江滨街道", Town.Kind.STREET, (("江滨社区", _C), ("柳岸社区", _C))),
            TownSpec("南门街道", Town.Kind.STREET, (("南门社区", _C), ("书院社区", _C))),
            TownSpec("望湖街道", Town.Kind.STREET, (("望湖社区", _C), ("荷花塘社区", _C))),
        ),
    ),
    DistrictSpec(
        code="459903",
        name="北湖区",
        kind=District.Kind.DISTRICT,
        towns=(
            TownSpec("北湖街道", Town.Kind.STREET, (("北湖社区", _C), ("金桂社区", _C))),
            TownSpec("新城街道", Town.Kind.STREET, (("新城社区", _C), ("锦绣社区", _C))),
            TownSpec(
                "石桥镇",
                Town.Kind.TOWN,
                (("石桥社区", _C), ("石桥村", _V), ("上坪村", _V), ("花园村", _V)),
            ),
            TownSpec("三塘镇", Town.Kind.TOWN, (("三塘社区", _C), ("东岭村", _V), ("下洲村", _V))),
        ),
    ),
    DistrictSpec(
        code="459923",
        name="青山县",
        kind=District.Kind.COUNTY,
        towns=(
            TownSpec(
                "城关镇", Town.Kind.TOWN, (("城东社区", _C), ("城西社区", _C), ("北门村", _V))
            ),
            TownSpec(
                "龙潭镇",
                Town.Kind.TOWN,
                (("龙潭社区", _C), ("岩口村", _V), ("石门村", _V), ("大坪村", _V)),
            ),
            TownSpec(
                "桂花乡",
                Town.Kind.TOWNSHIP,
                (("桂花村", _V), ("竹林村", _V), ("高峰村", _V), ("茶园村", _V)),
            ),
        ),
    ),
    DistrictSpec(
        code="459981",
        name="白沙市",
        kind=District.Kind.COUNTY_CITY,
        towns=(
            TownSpec("白沙街道", Town.Kind.STREET, (("沙河社区", _C), ("文昌社区", _C))),
            TownSpec("沙田镇", Town.Kind.TOWN, (("沙田社区", _C), ("新塘村", _V), ("莲塘村", _V))),
            TownSpec("河口镇", Town.Kind.TOWN, (("河口社区", _C), ("渡口村", _V), ("江背村", _V))),
        ),
    ),
)

_K = SchoolStage.KINDERGARTEN
_P = SchoolStage.PRIMARY
_J = SchoolStage.JUNIOR
_S = SchoolStage.SENIOR
_N = SchoolStage.NINE_YEAR
_CS = SchoolStage.COMPLETE_SECONDARY
_URBAN = SchoolArea.URBAN
_TOWN = SchoolArea.TOWN
_RURAL = SchoolArea.RURAL


def _school(code, name, district, town, stage, area, per_grade, address, phone):
    return SchoolSpec(code, name, district, town, stage, area, per_grade, address, phone)


SCHOOLS = (
    # 澄江区: the old city centre.
    _school("3459020001", "澄州市实验幼儿园", "459902", "江滨街道", _K, _URBAN, 3,
            "澄江区江滨路18号", "0779-2811001"),
    _school("3459020002", "澄江区江滨小学", "459902", "江滨街道", _P, _URBAN, 3,
            "澄江区柳岸路6号", "0779-2811002"),
    _school("3459020003", "澄江区南门小学", "459902", "南门街道", _P, _URBAN, 3,
            "澄江区书院街25号", "0779-2811003"),
    _school("3459020004", "澄江区望湖初级中学", "459902", "望湖街道", _J, _URBAN, 3,
            "澄江区望湖路99号", "0779-2811004"),
    _school("3459020005", "澄州市第一中学", "459902", "南门街道", _S, _URBAN, 4,
            "澄江区文庙路1号", "0779-2811005"),
    _school("3459020006", "澄州外国语学校", "459902", "望湖街道", _N, _URBAN, 2,
            "澄江区荷花塘路8号", "0779-2811006"),
    # 北湖区: new town in the north, with market towns and villages.
    _school("3459030001", "北湖区新城幼儿园", "459903", "新城街道", _K, _URBAN, 2,
            "北湖区锦绣大道66号", "0779-3621001"),
    _school("3459030002", "北湖区北湖小学", "459903", "北湖街道", _P, _URBAN, 3,
            "北湖区金桂路12号", "0779-3621002"),
    _school("3459030003", "北湖区新城实验学校", "459903", "新城街道", _N, _URBAN, 2,
            "北湖区新城路200号", "0779-3621003"),
    _school("3459030004", "澄州市第三中学", "459903", "北湖街道", _CS, _URBAN, 3,
            "北湖区湖滨北路3号", "0779-3621004"),
    _school("3459030005", "北湖区石桥镇中心小学", "459903", "石桥镇", _P, _TOWN, 2,
            "北湖区石桥镇府前街5号", "0779-3621005"),
    _school("3459030006", "北湖区石桥中学", "459903", "石桥镇", _J, _TOWN, 2,
            "北湖区石桥镇学府路2号", "0779-3621006"),
    _school("3459030007", "北湖区三塘镇中心幼儿园", "459903", "三塘镇", _K, _TOWN, 1,
            "北湖区三塘镇三塘街17号", "0779-3621007"),
    _school("3459030008", "北湖区三塘镇东岭小学", "459903", "三塘镇", _P, _RURAL, 1,
            "北湖区三塘镇东岭村", "0779-3621008"),
    # 青山县: mountain county; boarding centre schools and village primaries.
    _school("3459230001", "青山县城关小学", "459923", "城关镇", _P, _TOWN, 2,
            "青山县城关镇解放路30号", "0779-5231001"),
    _school("3459230002", "青山县城关中学", "459923", "城关镇", _J, _TOWN, 2,
            "青山县城关镇育才路9号", "0779-5231002"),
    _school("3459230003", "青山县第一中学", "459923", "城关镇", _S, _TOWN, 3,
            "青山县城关镇北门路88号", "0779-5231003"),
    _school("3459230004", "青山县龙潭镇中心学校", "459923", "龙潭镇", _N, _TOWN, 1,
            "青山县龙潭镇龙潭街1号", "0779-5231004"),
    _school("3459230005", "青山县龙潭镇岩口小学", "459923", "龙潭镇", _P, _RURAL, 1,
            "青山县龙潭镇岩口村", "0779-5231005"),
    _school("3459230006", "青山县桂花乡中心学校", "459923", "桂花乡", _N, _RURAL, 1,
            "青山县桂花乡桂花村", "0779-5231006"),
    _school("3459230007", "青山县桂花乡中心幼儿园", "459923", "桂花乡", _K, _RURAL, 1,
            "青山县桂花乡竹林村", "0779-5231007"),
    # 白沙市: county-level city on the river.
    _school("3459810001", "白沙市实验小学", "459981", "白沙街道", _P, _URBAN, 2,
            "白沙市文昌路21号", "0779-6651001"),
    _school("3459810002", "白沙市第二中学", "459981", "白沙街道", _CS, _URBAN, 2,
            "白沙市沙河路45号", "0779-6651002"),
    _school("3459810003", "白沙市沙田镇中心小学", "459981", "沙田镇", _P, _TOWN, 2,
            "白沙市沙田镇沙田街3号", "0779-6651003"),
    _school("3459810004", "白沙市河口镇初级中学", "459981", "河口镇", _J, _TOWN, 1,
            "白沙市河口镇滨江路7号", "0779-6651004"),
    _school("3459810005", "白沙市河口镇渡口小学", "459981", "河口镇", _P, _RURAL, 1,
            "白沙市河口镇渡口村", "0779-6651005"),
)  # fmt: skip

# Students per class by area: a range the generator picks from.
CLASS_SIZES = {_URBAN: (18, 26), _TOWN: (14, 20), _RURAL: (6, 12)}

# Share of students whose parents work away and who live with grandparents.
PARENTS_AWAY_SHARE = {_URBAN: 0.04, _TOWN: 0.18, _RURAL: 0.40}

# The school year the roster describes starts in September of this year.
SCHOOL_YEAR = 2025
