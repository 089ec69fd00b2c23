import pytest


@pytest.fixture
def live_index(django_capture_on_commit_callbacks):
    """Writes refresh the search index after their commit, as they do outside tests' transactions: `make()` runs
    and its commit's callbacks after it."""

    def written(make):
        with django_capture_on_commit_callbacks(execute=True):
            return make()

    return written
