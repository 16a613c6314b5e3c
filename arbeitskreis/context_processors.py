def group_access(request):
    """Expose the current working group and whether the user may change it to every template."""
    access = getattr(request, "group_access", None)
    if access is None:
        return {}
    return {"working_group": access.group, "can_write": access.can_write, "group_role": access.role}
