import gc, pytest, sys
@pytest.fixture(autouse=True)
def _gc_each(request):
    yield
    sys.stderr.write(f"\nGC after {request.node.name}\n"); sys.stderr.flush()
    gc.collect()
