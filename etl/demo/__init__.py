"""The bundled sample site (an RSS feed and eight article pages written for this project) and its server."""
