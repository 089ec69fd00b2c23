"""The discussion's models move here from the exhibition app: only Django's picture of them changes.

The tables (exhibition_thread, exhibition_comment, exhibition_reaction, exhibition_flag) and every row stay as they
are; exhibition 0007 forgets the models on its side.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('exhibition', '0006_official_answer_facts'),
        ('summit', '0004_content_in_three_languages'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Thread',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('key', models.CharField(max_length=120, unique=True, verbose_name='key')),
                        ('title', models.CharField(max_length=250, verbose_name='title')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                        ('city', models.ForeignKey(blank=True, help_text='For a practice: its city, whose delegates answer officially.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='summit.city', verbose_name='city concerned')),
                    ],
                    options={
                        'verbose_name': 'thread',
                        'verbose_name_plural': 'threads',
                        'db_table': 'exhibition_thread',
                        'ordering': ['key'],
                    },
                ),
                migrations.CreateModel(
                    name='Comment',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('guest_name', models.CharField(blank=True, max_length=80, verbose_name='guest name')),
                        ('body', models.TextField(max_length=2000, verbose_name='comment')),
                        ('body_html', models.TextField(editable=False)),
                        ('status', models.CharField(choices=[('pending', 'Waiting for moderation'), ('published', 'Published'), ('hidden', 'Hidden'), ('removed', 'Removed'), ('deleted', 'Deleted by its author')], db_index=True, max_length=10, verbose_name='status')),
                        ('is_official', models.BooleanField(default=False, verbose_name='official answer')),
                        ('official_title', models.CharField(blank=True, choices=[('mayor', 'Mayor'), ('deputy_mayor', 'Deputy mayor'), ('thought_leader', 'Thought leader')], max_length=20, verbose_name='answered as')),
                        ('moderation_reason', models.CharField(blank=True, max_length=250, verbose_name='reason shown to the author')),
                        ('flag_count', models.PositiveIntegerField(default=0, verbose_name='flags')),
                        ('reaction_count', models.PositiveIntegerField(default=0, verbose_name='reactions')),
                        ('created_at', models.DateTimeField(auto_now_add=True, db_index=True, verbose_name='created')),
                        ('edited_at', models.DateTimeField(blank=True, null=True, verbose_name='edited')),
                        ('author', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='author')),
                        ('official_city', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='summit.city', verbose_name='answered for')),
                        ('parent', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='replies', to='discussion.comment', verbose_name='reply to')),
                        ('showing', models.ForeignKey(blank=True, help_text="Empty for the summit's own exhibition.", null=True, on_delete=django.db.models.deletion.CASCADE, related_name='comments', to='exhibition.showing', verbose_name='showing')),
                        ('thread', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='comments', to='discussion.thread', verbose_name='thread')),
                    ],
                    options={
                        'verbose_name': 'comment',
                        'verbose_name_plural': 'comments',
                        'db_table': 'exhibition_comment',
                        'ordering': ['-created_at', '-id'],
                    },
                ),
                migrations.CreateModel(
                    name='Flag',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('reason', models.CharField(max_length=250, verbose_name='reason')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('comment', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='flags', to='discussion.comment')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'flag',
                        'verbose_name_plural': 'flags',
                        'db_table': 'exhibition_flag',
                        'constraints': [models.UniqueConstraint(fields=('comment', 'user'), name='one_flag_per_user')],
                    },
                ),
                migrations.CreateModel(
                    name='Reaction',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('helpful', 'Helpful'), ('agree', 'Agree')], max_length=10)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('comment', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reactions', to='discussion.comment')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'reaction',
                        'verbose_name_plural': 'reactions',
                        'db_table': 'exhibition_reaction',
                        'constraints': [models.UniqueConstraint(fields=('comment', 'user', 'kind'), name='one_reaction_per_kind')],
                    },
                ),
                migrations.AddIndex(
                    model_name='comment',
                    index=models.Index(fields=['thread', 'showing', 'parent', 'status', '-created_at'], name='exhibition__thread__e7f695_idx'),
                ),
            ],
            database_operations=[],
        ),
    ]
