from teekond import __version__


def teekond(request):
    return {"teekond_version": __version__}
