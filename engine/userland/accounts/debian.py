"""placeholder"""
def adduser_main(ctx):
    yield from ()
    return 1
addgroup_main = deluser_main = delgroup_main = adduser_main
