def build_demo(workspace, owner) -> None:
    pass
