from .core.access import access_for


def portal(request) -> dict:
    """The current user's access, for navigation and role-dependent links."""
    return {"access": access_for(getattr(request, "user", None))}
