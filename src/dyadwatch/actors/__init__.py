"""Actors: who is acting, as a country/organisation code, a sector, and a dated person.

``ActorResolver`` is the stage's one entry point; ``ActorDictionaryError`` is what a
malformed dictionary file raises.
"""

from dyadwatch.actors.dictionary_files import ActorDictionaryError
from dyadwatch.actors.resolver import ActorResolver

__all__ = ["ActorDictionaryError", "ActorResolver"]
