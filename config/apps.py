from django.contrib.staticfiles.apps import StaticFilesConfig as DjangoStaticFilesConfig


class StaticFilesConfig(DjangoStaticFilesConfig):
    """What `collectstatic` leaves out of the npm packages under STATICFILES_DIRS: their source and build formats,
    which no browser asks for, and the design tokens' background-image-icon.css, which points at an image the package
    does not ship (the manifest storage refuses a CSS file with a missing reference)."""

    ignore_patterns = [*DjangoStaticFilesConfig.ignore_patterns, "*.scss", "*.less", "*.ts", "*.cjs", "*.mjs", "*.json",
                       "background-image-icon.css"]
