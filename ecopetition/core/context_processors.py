def console(request):
    return {}
