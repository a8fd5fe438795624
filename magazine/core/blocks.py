"""Body blocks shared by articles and standard pages; `FooBlock` renders `blocks/foo.html`."""

from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList
from django.utils.text import slugify
from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock as WagtailTableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock
from wagtail_footnotes.blocks import RichTextBlockWithFootnotes

from magazine.sobriety.data import sobriety

RICH_TEXT_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul"]
FILE_NAME_EXTENSIONS = (".jpg", ".jpeg", ".png", ".webp", ".avif", ".gif", ".svg")


def paragraph_block(footnotes=False):
    """A rich-text paragraph; with footnotes, its references become notes linking both ways."""
    block_class = RichTextBlockWithFootnotes if footnotes else blocks.RichTextBlock
    features = [*RICH_TEXT_FEATURES, "footnotes"] if footnotes else RICH_TEXT_FEATURES
    return block_class(
        features=list(features),
        label="Paragraphe",
        icon="pilcrow",
        template="blocks/paragraph.html",
    )


class HeadingValue(blocks.StructValue):
    @property
    def anchor(self):
        return slugify(self.get("text", "")) or "section"


class HeadingBlock(blocks.StructBlock):
    level = blocks.ChoiceBlock(
        choices=[("h2", "Intertitre (niveau 2)"), ("h3", "Sous-intertitre (niveau 3)")],
        default="h2",
        label="niveau",
    )
    text = blocks.CharBlock(label="texte", max_length=200)

    class Meta:
        label = "Intertitre"
        icon = "title"
        template = "blocks/heading.html"
        value_class = HeadingValue


class ImageValue(blocks.StructValue):
    @property
    def alt(self):
        if self.get("decorative"):
            return ""
        image = self.get("image")
        return self.get("alt_text") or (image.description if image else "")

    @property
    def credit_text(self):
        image = self.get("image")
        return self.get("credit") or (getattr(image, "credit", "") if image else "")


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label="image")
    alt_text = blocks.CharBlock(
        label="texte alternatif",
        required=False,
        max_length=300,
        help_text="Ce que l’image apporte au texte, pour qui ne la voit pas. "
        "Vide : la description de l’image est utilisée.",
    )
    decorative = blocks.BooleanBlock(
        label="image décorative",
        required=False,
        help_text="Cocher seulement si l’image n’apporte aucune information (elle sera ignorée "
        "par les lecteurs d’écran).",
    )
    caption = blocks.CharBlock(label="légende", required=False, max_length=400)
    credit = blocks.CharBlock(
        label="crédit", required=False, max_length=200, help_text="Vide : le crédit de l’image."
    )

    class Meta:
        label = "Image"
        icon = "image"
        template = "blocks/image.html"
        value_class = ImageValue

    def clean(self, value):
        """A draft is saved whatever its alt texts (the quality gate lists what is missing at
        submission); submitting or publishing requires them here too, beside the field."""
        value = super().clean(value)
        if value.get("decorative") or self.is_deferred_validation:
            return value
        alt = (value.alt or "").strip()
        if not alt:
            raise blocks.StructBlockValidationError(
                block_errors={
                    "alt_text": ErrorList(
                        [
                            ValidationError(
                                "Décrivez l’image (texte alternatif) ou cochez « image "
                                "décorative »."
                            )
                        ]
                    )
                }
            )
        if alt.lower().endswith(FILE_NAME_EXTENSIONS):
            raise blocks.StructBlockValidationError(
                block_errors={
                    "alt_text": ErrorList(
                        [ValidationError("Le texte alternatif ne doit pas être un nom de fichier.")]
                    )
                }
            )
        return value


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label="citation", help_text="Sans guillemets : ils sont ajoutés.")
    attribution = blocks.CharBlock(label="qui parle", max_length=200)
    role = blocks.CharBlock(label="fonction ou contexte", required=False, max_length=200)

    class Meta:
        label = "Citation"
        icon = "openquote"
        template = "blocks/quote.html"


class CalloutBlock(blocks.StructBlock):
    KINDS = [
        ("a-retenir", "À retenir"),
        ("chiffres-cles", "Chiffres clés"),
        ("definition", "Définition"),
        ("methode", "Méthode"),
    ]
    kind = blocks.ChoiceBlock(choices=KINDS, default="a-retenir", label="type")
    title = blocks.CharBlock(label="titre", required=False, max_length=150)
    text = blocks.RichTextBlock(label="contenu", features=RICH_TEXT_FEATURES)

    class Meta:
        label = "Encadré"
        icon = "help"
        template = "blocks/callout.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["title"] = value.get("title") or dict(self.KINDS).get(value.get("kind"), "")
        return context


class KeyFigureBlock(blocks.StructBlock):
    value = blocks.CharBlock(label="chiffre", max_length=40)
    label = blocks.CharBlock(label="ce qu’il mesure", max_length=200)
    source = blocks.CharBlock(label="source", required=False, max_length=200)


class KeyFiguresBlock(blocks.StructBlock):
    title = blocks.CharBlock(label="titre", required=False, max_length=150)
    figures = blocks.ListBlock(KeyFigureBlock(), min_num=1, label="chiffres")

    class Meta:
        label = "Chiffres clés"
        icon = "list-ol"
        template = "blocks/key_figures.html"


TABLE_OPTIONS = {
    "startRows": 3,
    "startCols": 3,
    "colHeaders": False,
    "rowHeaders": False,
    "contextMenu": [
        "row_above",
        "row_below",
        "col_left",
        "col_right",
        "remove_row",
        "remove_col",
        "undo",
        "redo",
    ],
    "editor": "text",
    "stretchH": "all",
    "renderer": "text",
    "autoColumnSize": False,
}


def table_block():
    """A table with header cells (first row and/or first column) and a caption."""
    return WagtailTableBlock(
        table_options=TABLE_OPTIONS, label="Tableau", icon="table", template="blocks/table.html"
    )


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label="document")
    title = blocks.CharBlock(
        label="intitulé", required=False, max_length=200, help_text="Vide : le titre du document."
    )
    description = blocks.CharBlock(label="description", required=False, max_length=300)

    class Meta:
        label = "Document à télécharger"
        icon = "doc-full"
        template = "blocks/document.html"


EMBED_KINDS = {
    "video": "Vidéo",
    "audio": "Son",
    "carte": "Carte",
    "publication": "Publication",
    "presentation": "Présentation",
    "autre": "Autre contenu",
}


class EmbedCardValue(blocks.StructValue):
    @property
    def kind_label(self):
        return EMBED_KINDS.get(self.get("kind"), EMBED_KINDS["autre"])

    @property
    def link_text(self):
        """Its title; a draft without one still links to somewhere readable."""
        return self.get("title") or f"{self.kind_label} sur {self.source_name}"

    @property
    def host(self):
        host = urlsplit(self.get("url") or "").hostname or ""
        return host.removeprefix("www.")

    @property
    def source_name(self):
        return self.get("source") or self.host


class EmbedCardBlock(blocks.StructBlock):
    """A video, a sound, a map or a post from another site, shown as a light card: its title,
    where it is, a poster kept in the image library, a link. Nothing is asked of the other site
    until the reader follows the link (no player, no iframe, no script, no tracker)."""

    kind = blocks.ChoiceBlock(
        label="nature",
        choices=list(EMBED_KINDS.items()),
        default="video",
    )
    url = blocks.URLBlock(
        label="adresse", help_text="L’adresse de la page où le contenu se trouve."
    )
    title = blocks.CharBlock(
        label="titre",
        max_length=200,
        help_text="Le titre de la vidéo, du son, de la carte… : le texte du lien.",
    )
    source = blocks.CharBlock(
        label="source",
        required=False,
        max_length=120,
        help_text="Qui le publie, où (« Chaîne PeerTube de la Région »). Vide : le nom du site.",
    )
    duration = blocks.CharBlock(
        label="durée",
        required=False,
        max_length=40,
        help_text="Pour une vidéo ou un son : « 12 min ».",
    )
    description = blocks.TextBlock(
        label="description", required=False, max_length=400, help_text="Ce qu’on y voit ou entend."
    )
    poster = ImageChooserBlock(
        label="vignette",
        required=False,
        help_text="Une image gardée dans la médiathèque (une capture, l’affiche) : décorative, "
        "le titre dit ce que c’est.",
    )

    class Meta:
        label = "Contenu extérieur (vidéo, son, carte…)"
        icon = "media"
        template = "blocks/embed_card.html"
        value_class = EmbedCardValue


class SobrietyMeasuresBlock(blocks.StaticBlock):
    """The latest figures of `make bench` (magazine/sobriety/data/sobriety.json), for the
    déclaration d'écoconception: never copied by hand."""

    class Meta:
        label = "Mesures de sobriété (make bench)"
        icon = "table"
        template = "blocks/sobriety_measures.html"
        admin_text = "Dernières mesures de « make bench », tenues à jour par la commande."

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["measures"] = sobriety.latest_measures()
        return context


class BodyBlock(blocks.StreamBlock):
    paragraph = paragraph_block()
    heading = HeadingBlock()
    image = ImageBlock()
    quote = QuoteBlock()
    callout = CalloutBlock()
    key_figures = KeyFiguresBlock()
    table = table_block()
    document = DocumentBlock()
    embed = EmbedCardBlock()


class StandardBodyBlock(BodyBlock):
    sobriety_measures = SobrietyMeasuresBlock()


class ArticleBodyBlock(BodyBlock):
    paragraph = paragraph_block(footnotes=True)
