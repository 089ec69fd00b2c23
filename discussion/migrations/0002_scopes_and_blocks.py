"""Comments name their scope as a string, blocks get their own table, and moderation keeps a history.

A comment made at a showing had a foreign key to exhibition.Showing; it now says "showing:<city slug>", so the
discussion knows no host app. Who was blocked (User.discussion_blocked, everywhere; Showing.blocked_authors, at one
showing) becomes Block rows before summit 0005 and exhibition 0008 drop the old columns. The content types of the
moved models are renamed, so their permissions, groups and admin history carry over.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def scopes_and_blocks_from_hosts(apps, schema_editor):
    Comment = apps.get_model("discussion", "Comment")
    Block = apps.get_model("discussion", "Block")
    Showing = apps.get_model("exhibition", "Showing")
    User = apps.get_model("summit", "User")
    ContentType = apps.get_model("contenttypes", "ContentType")
    for showing in Showing.objects.select_related("city"):
        scope = f"showing:{showing.city.slug}"
        Comment.objects.filter(showing=showing).update(scope=scope)
        for user in showing.blocked_authors.all():
            Block.objects.get_or_create(user=user, scope=scope)
    for user in User.objects.filter(discussion_blocked=True):
        Block.objects.get_or_create(user=user, scope="")
    for model in ["thread", "comment", "reaction", "flag"]:
        if not ContentType.objects.filter(app_label="discussion", model=model).exists():
            ContentType.objects.filter(app_label="exhibition", model=model).update(app_label="discussion")


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('discussion', '0001_tables_from_exhibition'),
        ('exhibition', '0007_discussion_moved_out'),
        ('summit', '0004_content_in_three_languages'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Block',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('scope', models.CharField(blank=True, default='', help_text='Empty blocks the person everywhere; showing:<city> at that showing only.', max_length=120, verbose_name='where')),
                ('reason', models.CharField(blank=True, max_length=250, verbose_name='why')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
            ],
            options={
                'verbose_name': 'block',
                'verbose_name_plural': 'blocks',
                'ordering': ['-created_at'],
            },
        ),
        migrations.CreateModel(
            name='CommentTransition',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('from_status', models.CharField(max_length=20, verbose_name='from')),
                ('to_status', models.CharField(max_length=20, verbose_name='to')),
                ('at', models.DateTimeField(auto_now_add=True, verbose_name='at')),
                ('reason', models.TextField(blank=True, verbose_name='why')),
            ],
            options={
                'verbose_name': 'moderation step',
                'verbose_name_plural': 'moderation steps',
                'ordering': ['-at', '-id'],
                'abstract': False,
            },
        ),
        migrations.AddField(
            model_name='comment',
            name='scope',
            field=models.CharField(blank=True, default='', help_text="Empty for the summit's own discussion; showing:<city> for a city's showing.", max_length=120, verbose_name='where'),
        ),
        migrations.AddField(
            model_name='block',
            name='by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='by'),
        ),
        migrations.AddField(
            model_name='block',
            name='user',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='person'),
        ),
        migrations.RunPython(scopes_and_blocks_from_hosts, migrations.RunPython.noop),
        migrations.RemoveIndex(
            model_name='comment',
            name='exhibition__thread__e7f695_idx',
        ),
        migrations.RemoveField(
            model_name='comment',
            name='showing',
        ),
        migrations.AddIndex(
            model_name='comment',
            index=models.Index(fields=['thread', 'scope', 'parent', 'status', '-created_at'], name='exhibition__thread__ce590e_idx'),
        ),
        migrations.AddField(
            model_name='commenttransition',
            name='by',
            field=models.ForeignKey(blank=True, help_text='Empty when the system made the change (the nightly compile, a worker, reports).', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='by'),
        ),
        migrations.AddField(
            model_name='commenttransition',
            name='comment',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='transitions', to='discussion.comment'),
        ),
        migrations.AddConstraint(
            model_name='block',
            constraint=models.UniqueConstraint(fields=('user', 'scope'), name='one_block_per_scope'),
        ),
    ]
