"""How demo rows are told from real ones: the demo writes every row as its own author.

The author is an inactive account that cannot sign in. Records carry who created them
(``created_by``), so a reset removes exactly the rows whose author it is, and nothing that a real
user created, in the demo's programme or elsewhere.
"""

from accounts.models import User

DEMO_AUTHOR = "demo-data"


def demo_author() -> User:
    """The demo's author, created on first use (inactive, with no usable password)."""
    user, created = User.objects.get_or_create(
        username=DEMO_AUTHOR,
        defaults={"first_name": "Données", "last_name": "de démonstration", "is_active": False},
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def existing_demo_author() -> User | None:
    return User.objects.filter(username=DEMO_AUTHOR).first()
