"""Asking for a database password when the server wants one (issue 18.1).

The password is used for this connection only, or kept in the system keyring when the
user ticks "Remember in the keyring"; it never goes into the settings, the Recent menu or
the window title. Without a keyring backend the box is there but disabled, and says why.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from reviewer.catalogue.credentials import (
    PasswordRequiredError,
    keyring_available,
    remember_password,
)
from reviewer.catalogue.db import Catalogue, open_catalogue
from reviewer.ui.common.notices import show_notice


class PasswordDialog(QDialog):
    def __init__(self, error: PasswordRequiredError, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Database password"))
        self.setMinimumWidth(460)
        what = (self.tr("refused the password given") if error.refused
                else self.tr("asks for a password"))
        self.message = message = QLabel(self.tr("The database server of\n{0}\n{1}.").format(error.url, what))
        message.setTextFormat(Qt.TextFormat.PlainText)  # the URL is never markup
        message.setWordWrap(True)
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setPlaceholderText(self.tr("Password"))
        self.remember_box = QCheckBox(self.tr("Remember in the keyring"))
        if keyring_available():
            self.remember_box.setToolTip(self.tr("Kept by your desktop's keyring, not by this app; "
                                         "the settings never hold it."))
        else:
            self.remember_box.setEnabled(False)
            self.remember_box.setToolTip(self.tr("No system keyring is available on this computer. "
                                         "A ~/.pgpass entry avoids typing it each time."))
        note = QLabel(self.tr("Or put it in ~/.pgpass (host:port:database:user:password, mode 0600)."))
        note.setTextFormat(Qt.TextFormat.PlainText)
        note.setWordWrap(True)
        note.setEnabled(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (message, self.password_edit, self.remember_box, note, buttons):
            layout.addWidget(widget)
        self.password_edit.setFocus()

    @property
    def password(self) -> str:
        return self.password_edit.text()

    @property
    def remember(self) -> bool:
        return self.remember_box.isEnabled() and self.remember_box.isChecked()


def open_catalogue_asking(url: str | None, parent: QWidget | None = None) -> Catalogue:
    """Open ``url`` (None: the default catalogue); while the server wants a password, ask.

    Raises the server's :class:`PasswordRequiredError` when the user cancels, and any other
    :class:`~reviewer.errors.UserError` as :func:`open_catalogue` does.
    """
    password: str | None = None
    remember = False
    while True:
        try:
            catalogue = open_catalogue(url, password=password)
        except PasswordRequiredError as exc:
            dialog = PasswordDialog(exc, parent)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                raise
            password, remember = dialog.password, dialog.remember
            url = exc.url
            continue
        if password is not None and remember:
            why_not = remember_password(catalogue.url, password)
            if why_not:
                show_notice(parent, QCoreApplication.translate("PasswordDialog", "Password not remembered"),
                            QCoreApplication.translate("PasswordDialog", "The password was used but not remembered: {0}.").format(why_not))
        return catalogue
