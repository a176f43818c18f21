from .org import District, School, SchoolArea, SchoolClass, SchoolStage, Town, Village
from .roster import Gender, Guardian, Guardianship, Relation, Student

__all__ = [
    "District",
    "Gender",
    "Guardian",
    "Guardianship",
    "Relation",
    "School",
    "SchoolArea",
    "SchoolClass",
    "SchoolStage",
    "Student",
    "Town",
    "Village",
]
